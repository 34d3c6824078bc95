import { AuditError } from './errors.js';
import type { AuditRecord } from './types.js';

const STRING_FIELDS = ['prevHash', 'time', 'action', 'reason', 'decision', 'outcome', 'hash'] as const;

/**
 * One line of an export (`keyflow audit export`) back as a record, for verifying a shipped copy with
 * verifyChain. Only the shape is checked here (the hash proves the content); a line that is not a record
 * is ERR_AUDIT_TAMPERED naming `where` (e.g. `audit.jsonl:42`).
 */
export function parseRecordLine(line: string, where = 'line'): AuditRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw malformed(where, 'is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformed(where, 'is not a JSON object');
  const record = value as Record<string, unknown>;
  if (!Number.isSafeInteger(record.seq) || !Number.isSafeInteger(record.v)) throw malformed(where, 'has no integer seq and v');
  for (const field of STRING_FIELDS) {
    if (typeof record[field] !== 'string') throw malformed(where, `has no string ${field}`);
  }
  for (const field of ['principal', 'resource', 'details'] as const) {
    const member = record[field];
    if (member === null || typeof member !== 'object' || Array.isArray(member)) throw malformed(where, `has no ${field} object`);
  }
  const groups = (record.principal as { groups?: unknown }).groups;
  if (!Array.isArray(groups)) throw malformed(where, 'has no principal.groups array');
  return record as unknown as AuditRecord;
}

function malformed(where: string, why: string): AuditError {
  return new AuditError('ERR_AUDIT_TAMPERED', `${where} ${why}: it is not an audit record`);
}
