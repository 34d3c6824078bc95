/**
 * The export stream: one record per line, canonical JSON (RFC 8785, hash included) + "\n", in seq order.
 * A log shipper follows it like `tail -f`: with `follow`, the stream polls for new records after the end
 * instead of finishing, until `signal` aborts. To resume after a restart it passes the last seq it shipped
 * as `afterSeq`; nothing is skipped or repeated because appenders commit in seq order (they queue on the
 * head lock), so a record is never committed after a higher seq has been seen.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pageLimit, seqBound } from './check-query.js';
import { encodeRecord } from './hash-record.js';
import type { AuditFilter, AuditSource } from './types.js';

export interface ExportOptions extends AuditFilter {
  /** Start after this seq (default 0). */
  afterSeq?: number;
  /** Keep the stream open and poll for new records (default false: end at the current end of the log). */
  follow?: boolean;
  /** Pause between polls when following, in ms (default 1,000). */
  pollIntervalMs?: number;
  /** Records per read (default 1,000). */
  pageSize?: number;
  /** Ends a following stream (the iterator then returns normally). */
  signal?: AbortSignal;
}

/** The records as JSON lines; `since` only picks where the stream starts, so a follower never drops a record for its clock. */
export async function* exportRecords(source: AuditSource, options: ExportOptions = {}): AsyncGenerator<string> {
  const { follow = false, pollIntervalMs = 1000, signal, afterSeq, pageSize, ...filter } = options;
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < 1) throw new TypeError('exportRecords: pollIntervalMs must be at least 1');
  const limit = pageLimit(pageSize, 1000);
  let after = seqBound(afterSeq, 'afterSeq', 0);
  let since = filter.since;
  while (!signal?.aborted) {
    const page = await source.readRecords({ ...filter, since, afterSeq: after, limit, order: 'asc' });
    for (const record of page) {
      yield `${encodeRecord(record)}\n`;
      after = record.seq;
      // Records are in seq order, not time order (clocks of replicas differ): once started, go by seq.
      since = undefined;
    }
    if (page.length === limit) continue;
    if (!follow || !(await pause(pollIntervalMs, signal))) return;
  }
}

/** Waits `ms`; false when `signal` aborted meanwhile. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'AbortError') return false;
    throw err;
  }
}
