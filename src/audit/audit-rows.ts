/**
 * Records <-> rows of audit_records. The JSON columns hold the canonical JSON text of groups and details,
 * so the bytes read back are the bytes that were hashed. Decoding never trusts the row: a column an
 * attacker filled with something that is not the expected JSON is ERR_AUDIT_TAMPERED naming the record.
 */
import { canonicalJson } from './canonical-json.js';
import { AuditError } from './errors.js';
import type { SqlRow } from './sql-executor.js';
import type { AuditCheckpoint, AuditRecord, JsonObject } from './types.js';

/** The 20 column values of a record, in the column order of the migrations and SQL files. */
export function recordColumns(r: AuditRecord): unknown[] {
  return [
    r.seq, r.v, r.time, r.principal.issuer, r.principal.subject, r.principal.username,
    canonicalJson(r.principal.groups), r.principal.kind, r.action, r.resource.kind, r.resource.namespace,
    r.resource.name, r.decision, r.reason, r.requestId, r.sourceAddress, r.outcome, canonicalJson(r.details),
    r.prevHash, r.hash,
  ];
}

/** A row of audit_records as a record (PostgreSQL's bigint arrives as a string). */
export function decodeRecord(row: SqlRow): AuditRecord {
  const seq = Number(row.seq);
  return {
    v: Number(row.v),
    seq,
    prevHash: row.prev_hash as string,
    time: row.time as string,
    principal: {
      issuer: row.principal_issuer as string,
      subject: row.principal_subject as string,
      username: row.principal_username as string,
      groups: parseColumn(row.principal_groups, seq, 'principal_groups', Array.isArray) as string[],
      kind: row.principal_kind as AuditRecord['principal']['kind'],
    },
    action: row.action as string,
    resource: { kind: row.resource_kind as string, namespace: row.resource_namespace as string, name: row.resource_name as string },
    decision: row.decision as AuditRecord['decision'],
    reason: row.reason as string,
    requestId: (row.request_id ?? null) as string | null,
    sourceAddress: (row.source_address ?? null) as string | null,
    outcome: row.outcome as AuditRecord['outcome'],
    details: parseColumn(row.details, seq, 'details', isObject) as JsonObject,
    hash: row.hash as string,
  };
}

/** A row of audit_checkpoints as a checkpoint. */
export function decodeCheckpoint(row: SqlRow): AuditCheckpoint {
  return {
    seq: Number(row.seq),
    hash: row.hash as string,
    time: row.time as string,
    keyId: row.key_id as string,
    signature: row.signature as string,
  };
}

function parseColumn(value: unknown, seq: number, column: string, shape: (v: unknown) => boolean): unknown {
  try {
    const parsed: unknown = JSON.parse(value as string);
    if (shape(parsed)) return parsed;
  } catch {
    // reported below, like a value of the wrong shape
  }
  throw new AuditError('ERR_AUDIT_TAMPERED', `record ${seq} is malformed: its ${column} column does not hold the JSON it was written with`, { seq });
}

function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
