import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { AuditRecord, AuditRecordBody } from './types.js';

/**
 * A record's hash: lower-case hex SHA-256 of the UTF-8 bytes of the canonical JSON (RFC 8785, see
 * canonical-json.ts) of every field but `hash` itself. `seq` and `prevHash` are inside, so moving a record,
 * or linking it to another predecessor, changes its hash as surely as editing its content.
 */
export function hashRecord(body: AuditRecordBody): string {
  return createHash('sha256').update(canonicalJson(recordBody(body)), 'utf8').digest('hex');
}

/** Exactly the hashed fields of `record`, dropping `hash` and anything else a source may have attached. */
export function recordBody(record: AuditRecordBody): AuditRecordBody {
  return {
    v: record.v,
    seq: record.seq,
    prevHash: record.prevHash,
    time: record.time,
    principal: {
      issuer: record.principal.issuer,
      subject: record.principal.subject,
      username: record.principal.username,
      groups: record.principal.groups,
      kind: record.principal.kind,
    },
    action: record.action,
    resource: { kind: record.resource.kind, namespace: record.resource.namespace, name: record.resource.name },
    decision: record.decision,
    reason: record.reason,
    requestId: record.requestId,
    sourceAddress: record.sourceAddress,
    outcome: record.outcome,
    details: record.details,
  };
}

/** The record's canonical JSON line as exported (hash included, no trailing newline). */
export function encodeRecord(record: AuditRecord): string {
  return canonicalJson({ ...recordBody(record), hash: record.hash });
}
