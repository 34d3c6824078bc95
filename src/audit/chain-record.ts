import { checkEntry } from './check-entry.js';
import { hashRecord } from './hash-record.js';
import { GENESIS_HASH, RECORD_FORMAT_VERSION, type AuditEntry, type AuditRecord, type ChainHead } from './types.js';

/** The head of an empty log: record 1 follows it. */
export const EMPTY_HEAD: ChainHead = Object.freeze({ seq: 0, hash: GENESIS_HASH });

/**
 * The record that follows `prev` (null or EMPTY_HEAD for the first one): seq prev.seq + 1, prevHash
 * prev.hash, and its own hash. Pure. Throws ERR_AUDIT_INVALID_RECORD / ERR_AUDIT_SECRET_DETAIL for an
 * entry that cannot be recorded; a TypeError when `prev` is not a chain head.
 */
export function chainRecord(prev: ChainHead | null, entry: AuditEntry): AuditRecord {
  const head = prev ?? EMPTY_HEAD;
  if (!Number.isSafeInteger(head.seq) || head.seq < 0 || typeof head.hash !== 'string' || !/^[0-9a-f]{64}$/.test(head.hash)) {
    throw new TypeError('chainRecord: prev must be { seq: a non-negative integer, hash: 64 lower-case hex digits }');
  }
  const body = { v: RECORD_FORMAT_VERSION, seq: head.seq + 1, prevHash: head.hash, ...checkEntry(entry) };
  return { ...body, hash: hashRecord(body) };
}

/** Chains several entries after `prev`, in order; the last record is the new head. */
export function chainRecords(prev: ChainHead | null, entries: readonly AuditEntry[]): AuditRecord[] {
  const records: AuditRecord[] = [];
  let head = prev ?? EMPTY_HEAD;
  for (const entry of entries) {
    const record = chainRecord(head, entry);
    records.push(record);
    head = record;
  }
  return records;
}
