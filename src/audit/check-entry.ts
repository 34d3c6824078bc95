/**
 * Validation of an AuditEntry at the boundary, before it is chained: every field's type and shape, the
 * limits below, and strings that every backend stores byte for byte (no NUL, which PostgreSQL text
 * refuses; no lone surrogate, which UTF-8 cannot hold). A record that would not read back exactly would
 * fail its own hash, so it is refused here instead. Messages name the field, never the value.
 */
import { canonicalJson, hasLoneSurrogate } from './canonical-json.js';
import { AuditError } from './errors.js';
import { guardDetails } from './guard-details.js';
import type { AuditEntry, AuditPrincipal, AuditRecordBody, AuditResource, JsonObject, PrincipalKind } from './types.js';

export const AUDIT_LIMITS = {
  /** Longest identifier-like string (subject, action, names, request id, address), in characters. */
  field: 1024,
  /** Longest reason. */
  reason: 4096,
  /** Most groups on a principal. */
  groups: 1000,
  /** Largest details object, as canonical JSON bytes. */
  detailsBytes: 65536,
  /** Deepest details nesting. */
  detailsDepth: 16,
} as const;

/** ISO-8601 UTC with milliseconds, the one time format of the store (text order is time order). */
export const AUDIT_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
/** `resource:verb` or `event:name`: lower-case resource, verb in lower camel case (`workflow:create`, `task:start`). */
export const AUDIT_ACTION = /^[a-z][a-z0-9-]*:[a-z][a-zA-Z0-9-]*$/;
const KINDS: readonly PrincipalKind[] = ['user', 'serviceaccount', 'task', 'system', 'anonymous'];

type EntryFields = Omit<AuditRecordBody, 'v' | 'seq' | 'prevHash'>;

/** The entry as record fields (defaults filled in); ERR_AUDIT_INVALID_RECORD / _SECRET_DETAIL when it cannot be recorded. */
export function checkEntry(entry: AuditEntry): EntryFields {
  if (entry === null || typeof entry !== 'object') invalid('entry', 'must be an object');
  // The round trip refuses dates V8 would roll over (2024-02-31 parses as 2024-03-02).
  if (typeof entry.time !== 'string' || !AUDIT_TIME.test(entry.time) || !roundTrips(entry.time)) {
    invalid('time', 'must be an ISO-8601 UTC time with milliseconds (2024-05-01T10:00:00.000Z)');
  }
  const action = text(entry.action, 'action', AUDIT_LIMITS.field);
  if (!AUDIT_ACTION.test(action)) invalid('action', "must be 'resource:verb' or 'event:name' (e.g. workflow:create, auth:login)");
  if (entry.decision !== 'allowed' && entry.decision !== 'denied') invalid('decision', "must be 'allowed' or 'denied'");
  if (entry.outcome !== 'success' && entry.outcome !== 'failure') invalid('outcome', "must be 'success' or 'failure'");
  return {
    time: entry.time,
    principal: checkPrincipal(entry.principal),
    action,
    resource: checkResource(entry.resource),
    decision: entry.decision,
    reason: text(entry.reason ?? '', 'reason', AUDIT_LIMITS.reason),
    requestId: entry.requestId == null ? null : text(entry.requestId, 'requestId', AUDIT_LIMITS.field),
    sourceAddress: entry.sourceAddress == null ? null : text(entry.sourceAddress, 'sourceAddress', AUDIT_LIMITS.field),
    outcome: entry.outcome,
    details: checkDetails(entry.details ?? {}),
  };
}

function checkPrincipal(principal: AuditEntry['principal']): AuditPrincipal {
  if (principal === null || typeof principal !== 'object') invalid('principal', 'must be an object');
  if (!KINDS.includes(principal.kind)) invalid('principal.kind', `must be one of ${KINDS.join(', ')}`);
  const groups = principal.groups ?? [];
  if (!Array.isArray(groups)) invalid('principal.groups', 'must be an array of strings');
  if (groups.length > AUDIT_LIMITS.groups) invalid('principal.groups', `has more than ${AUDIT_LIMITS.groups} entries`);
  return {
    issuer: text(principal.issuer, 'principal.issuer', AUDIT_LIMITS.field),
    subject: text(principal.subject, 'principal.subject', AUDIT_LIMITS.field),
    username: text(principal.username ?? '', 'principal.username', AUDIT_LIMITS.field),
    groups: groups.map((g, i) => text(g, `principal.groups[${i}]`, AUDIT_LIMITS.field)),
    kind: principal.kind,
  };
}

function checkResource(resource: AuditEntry['resource']): AuditResource {
  if (resource === undefined) return { kind: '', namespace: '', name: '' };
  if (resource === null || typeof resource !== 'object') invalid('resource', 'must be an object');
  return {
    kind: text(resource.kind ?? '', 'resource.kind', AUDIT_LIMITS.field),
    namespace: text(resource.namespace ?? '', 'resource.namespace', AUDIT_LIMITS.field),
    name: text(resource.name ?? '', 'resource.name', AUDIT_LIMITS.field),
  };
}

/** Plain JSON within the limits, and nothing secret-looking (refused: stripping is the caller's choice). */
function checkDetails(details: JsonObject): JsonObject {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) invalid('details', 'must be a JSON object');
  walkDetails(details, 'details', 0);
  let encoded: string;
  try {
    encoded = canonicalJson(details);
  } catch (err) {
    throw new AuditError('ERR_AUDIT_INVALID_RECORD', `audit entry ${(err as Error).message.replace(/^canonicalJson: \$/, 'details')}`);
  }
  if (Buffer.byteLength(encoded) > AUDIT_LIMITS.detailsBytes) invalid('details', `is larger than ${AUDIT_LIMITS.detailsBytes} bytes as JSON`);
  guardDetails(details, { mode: 'refuse' });
  // A copy through the canonical text: the record owns its details and they are exactly what is hashed.
  return JSON.parse(encoded) as JsonObject;
}

/** Depth limit (which also stops cycles) and NUL characters in keys and strings. */
function walkDetails(value: unknown, path: string, depth: number): void {
  if (typeof value === 'string' && value.includes('\u0000')) invalid(path, 'contains a NUL character');
  if (value === null || typeof value !== 'object') return;
  if (depth >= AUDIT_LIMITS.detailsDepth) invalid(path, `is nested deeper than ${AUDIT_LIMITS.detailsDepth} levels`);
  for (const [key, member] of Object.entries(value)) {
    const memberPath = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    if (key.includes('\u0000')) invalid(path, 'has a key with a NUL character');
    walkDetails(member, memberPath, depth + 1);
  }
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') invalid(field, 'must be a string');
  if (value.length > max) invalid(field, `is longer than ${max} characters`);
  if (value.includes('\u0000')) invalid(field, 'contains a NUL character');
  if (hasLoneSurrogate(value)) invalid(field, 'contains a lone UTF-16 surrogate');
  return value;
}

function roundTrips(time: string): boolean {
  const parsed = new Date(time);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString() === time;
}

function invalid(field: string, why: string): never {
  throw new AuditError('ERR_AUDIT_INVALID_RECORD', `audit entry ${field} ${why}`);
}
