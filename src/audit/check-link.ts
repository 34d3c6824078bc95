/**
 * One link of the chain: does `record` follow `prev`? The checks run in the order that names the cause
 * best: position (gap, reorder), then content (hash), then linkage (prevHash). One record of look-ahead
 * tells a reorder from a gap or an edit, so the verifier stays in constant memory.
 */
import { hashRecord } from './hash-record.js';
import type { Peekable } from './peekable.js';
import { GENESIS_HASH, type AuditRecord, type ChainFailureReason, type ChainHead } from './types.js';

export interface LinkFailure {
  ok: false;
  seq: number;
  reason: ChainFailureReason;
  message: string;
}

/** Undefined when `record` is the valid successor of `prev`; otherwise the first broken rule. */
export async function checkLink(prev: ChainHead, record: AuditRecord, ahead: Peekable<AuditRecord>): Promise<LinkFailure | undefined> {
  const expected = prev.seq + 1;
  if (record === null || typeof record !== 'object' || !Number.isSafeInteger(record.seq)) {
    return fail(expected, 'hash-mismatch', `the record after record ${prev.seq} is malformed (no integer seq)`);
  }
  if (record.seq < expected) {
    return fail(record.seq, 'reorder', record.seq === prev.seq
      ? `record ${record.seq} appears twice`
      : `record ${record.seq} comes after record ${prev.seq}: records are out of order`);
  }
  if (record.seq > expected) return skipped(prev, record, ahead);
  if (safeHash(record) !== record.hash) return changed(prev, record, ahead);
  if (record.prevHash !== prev.hash) {
    return fail(record.seq, 'prev-mismatch', prev.seq === 0 && prev.hash === GENESIS_HASH
      ? `record ${record.seq} does not start the chain: its prevHash is not the genesis hash`
      : `record ${record.seq} does not link to record ${prev.seq} (its prevHash differs): record ${prev.seq} was replaced or re-hashed`);
  }
  return undefined;
}

/** The record jumped ahead: either the missing ones come next (reorder) or they are gone (gap). */
async function skipped(prev: ChainHead, record: AuditRecord, ahead: Peekable<AuditRecord>): Promise<LinkFailure> {
  const expected = prev.seq + 1;
  const next = await ahead.peek();
  if (next?.seq === expected) {
    return fail(record.seq, 'reorder', `record ${record.seq} comes before record ${expected}: records are out of order`);
  }
  const missing = record.seq - expected === 1 ? `record ${expected} is missing` : `records ${expected}..${record.seq - 1} are missing`;
  return fail(expected, 'gap', `${missing}: the log goes from record ${prev.seq} to record ${record.seq}`);
}

/**
 * The content does not match the hash. If the next record links back to `prev` and this one's prevHash is
 * the next one's hash, the two swapped places (their seq values were exchanged); otherwise it was edited.
 */
async function changed(prev: ChainHead, record: AuditRecord, ahead: Peekable<AuditRecord>): Promise<LinkFailure> {
  const next = await ahead.peek();
  if (next?.seq === record.seq + 1 && next.prevHash === prev.hash && record.prevHash === next.hash) {
    return fail(record.seq, 'reorder', `records ${record.seq} and ${next.seq} are in each other's place: records are out of order`);
  }
  return fail(record.seq, 'hash-mismatch', `record ${record.seq} does not match its hash: it was changed after it was written`);
}

/** The record's hash, or undefined when it is too malformed to hash (a missing field, a non-JSON value). */
function safeHash(record: AuditRecord): string | undefined {
  try {
    return hashRecord(record);
  } catch {
    return undefined;
  }
}

function fail(seq: number, reason: ChainFailureReason, message: string): LinkFailure {
  return { ok: false, seq, reason, message };
}
