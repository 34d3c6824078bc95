/**
 * Small readers shared by the manifest validators. Each records a problem naming the field's path
 * instead of throwing, so that one ERR_AUTHZ_INVALID lists everything wrong with a manifest at once.
 */
import { clip } from './action-catalog.js';

/** Collected problems, each `path: why`. */
export type Problems = string[];

/** Limits on one manifest, so that a hostile object costs bounded work to validate and index. */
export const ACCESS_LIMITS = Object.freeze({
  maxActions: 1_000,
  maxSubjects: 1_000,
  maxResourceNames: 1_000,
  /** Characters of a user, group, claim name or value, or resource name. */
  maxTextLength: 512,
});

// DNS-1123 (Kubernetes): object names are subdomains, namespaces and service accounts are labels.
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** True for a plain data object (what YAML and JSON produce). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Own field of a record (never the prototype chain). */
export function field(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Records a problem for every own key of `record` outside `allowed` (a typo must not change meaning). */
export function refuseUnknownKeys(record: Record<string, unknown>, allowed: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) problems.push(`${path}${path ? '.' : ''}${clip(key)}: unknown field (expected one of ${allowed.join(', ')})`);
  }
}

/** A Kubernetes object name (DNS-1123 subdomain, at most 253 characters). */
export function readObjectName(value: unknown, path: string, problems: Problems): string {
  if (typeof value !== 'string' || value === '') {
    problems.push(`${path}: must be a non-empty string`);
    return '';
  }
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    problems.push(`${path}: '${clip(value)}' is not a valid name (lowercase letters, digits, '-' and '.', at most 253 characters)`);
  }
  return value;
}

/** A namespace or service-account name (DNS-1123 label, at most 63 characters). */
export function readLabelName(value: unknown, path: string, problems: Problems): string {
  if (typeof value !== 'string' || value === '') {
    problems.push(`${path}: must be a non-empty string`);
    return '';
  }
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    problems.push(`${path}: '${clip(value)}' is not a valid name (lowercase letters, digits and '-', at most 63 characters)`);
  }
  return value;
}

/** Free text naming a user, group, claim or resource: non-empty, bounded, no control characters. */
export function readText(value: unknown, path: string, problems: Problems): string {
  if (typeof value !== 'string' || value === '') {
    problems.push(`${path}: must be a non-empty string`);
    return '';
  }
  if (value.length > ACCESS_LIMITS.maxTextLength) {
    problems.push(`${path}: longer than ${ACCESS_LIMITS.maxTextLength} characters`);
  } else if (CONTROL.test(value)) {
    problems.push(`${path}: contains control characters`);
  }
  return value;
}

/** An array of at most `max` items, or [] with a problem. */
export function readArray(value: unknown, path: string, max: number, problems: Problems): unknown[] {
  if (!Array.isArray(value)) {
    problems.push(`${path}: must be a list`);
    return [];
  }
  if (value.length > max) {
    problems.push(`${path}: has ${value.length} items, more than the limit of ${max}`);
    return [];
  }
  return value;
}

// RFC 3339 §5.6 date-time; `T`/`Z` may be lower case (§5.6 NOTE).
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 timestamp as epoch milliseconds, or undefined with a problem. */
export function readTimestamp(value: unknown, path: string, problems: Problems): number | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.getTime();
  const match = typeof value === 'string' ? RFC3339.exec(value) : null;
  const ms = match ? Date.parse(value as string) : Number.NaN;
  // Date.parse accepts 2025-02-30 by rolling over; comparing the day back catches it.
  if (!match || Number.isNaN(ms) || !sameCalendarDay(match, ms)) {
    problems.push(`${path}: must be an RFC 3339 timestamp such as 2030-01-31T12:00:00Z`);
    return undefined;
  }
  return ms;
}

function sameCalendarDay(match: RegExpExecArray, ms: number): boolean {
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  if (h! > 23 || mi! > 59 || s! > 60) return false;
  const probe = new Date(Date.UTC(y!, mo! - 1, d!));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo! - 1 && probe.getUTCDate() === d && !Number.isNaN(ms);
}
