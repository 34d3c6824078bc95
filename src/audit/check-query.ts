/**
 * Validation of list/export queries at the boundary (the server passes user input through): each filter
 * a short string without NUL, `since` any ISO-8601 time (normalised to the stored format so text order is
 * time order), seq bounds non-negative integers, limit 1..MAX_PAGE.
 */
import { hasLoneSurrogate } from './canonical-json.js';
import { AuditError } from './errors.js';
import type { AuditQuery } from './types.js';

/** Largest page one read returns. */
export const MAX_PAGE = 10_000;
const DEFAULT_PAGE = 100;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export interface CheckedQuery {
  order: 'asc' | 'desc';
  /** afterSeq (asc) or beforeSeq (desc; MAX_SAFE_INTEGER when not given). */
  bound: number;
  since: string | null;
  principal: string | null;
  action: string | null;
  namespace: string | null;
  decision: string | null;
  limit: number;
}

/** The query with defaults filled in; ERR_AUDIT_INVALID_FILTER naming the field at fault. */
export function checkQuery(query: AuditQuery = {}): CheckedQuery {
  if (query === null || typeof query !== 'object') invalid('query', 'must be an object');
  const order = query.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc') invalid('order', "must be 'asc' or 'desc'");
  if (query.decision !== undefined && query.decision !== 'allowed' && query.decision !== 'denied') {
    invalid('decision', "must be 'allowed' or 'denied'");
  }
  return {
    order,
    bound: order === 'asc' ? seqBound(query.afterSeq, 'afterSeq', 0) : seqBound(query.beforeSeq, 'beforeSeq', Number.MAX_SAFE_INTEGER),
    since: query.since === undefined ? null : normaliseTime(query.since),
    principal: filterText(query.principal, 'principal'),
    action: filterText(query.action, 'action'),
    namespace: filterText(query.namespace, 'namespace'),
    decision: query.decision ?? null,
    limit: pageLimit(query.limit, DEFAULT_PAGE),
  };
}

/** A page size between 1 and MAX_PAGE (`fallback` when not given). */
export function pageLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) invalid('limit', `must be an integer from 1 to ${MAX_PAGE}`);
  return limit;
}

/** A seq bound: a non-negative integer (`fallback` when not given). */
export function seqBound(value: number | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) invalid(field, 'must be a non-negative integer');
  return value;
}

function normaliseTime(value: unknown): string {
  if (typeof value !== 'string' || !ISO_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    invalid('since', 'must be an ISO-8601 time (2024-05-01 or 2024-05-01T10:00:00Z)');
  }
  return new Date(value).toISOString();
}

function filterText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > 1024 || value.includes('\u0000') || hasLoneSurrogate(value)) {
    invalid(field, 'must be a non-empty string of at most 1024 characters');
  }
  return value;
}

function invalid(field: string, why: string): never {
  throw new AuditError('ERR_AUDIT_INVALID_FILTER', `audit filter ${field} ${why}`);
}
