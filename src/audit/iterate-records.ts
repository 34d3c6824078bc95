import { pageLimit, seqBound } from './check-query.js';
import type { AuditCheckpoint, AuditFilter, AuditRecord, AuditSource } from './types.js';

export interface IterateOptions extends AuditFilter {
  /** Start after this seq (default 0: the whole log). */
  afterSeq?: number;
  /** Stop after this seq (default: the end of the log as the pages find it). */
  untilSeq?: number;
  /** Records per read (default 1,000). */
  pageSize?: number;
}

/**
 * Every record after `afterSeq` in seq order, read page by page (keyset pagination on seq), so memory
 * stays at one page however long the log. Feed it to verifyChain or exportRecords.
 */
export async function* iterateRecords(source: AuditSource, options: IterateOptions = {}): AsyncGenerator<AuditRecord> {
  const { untilSeq, pageSize, afterSeq, ...filter } = options;
  const limit = pageLimit(pageSize, 1000);
  const until = untilSeq === undefined ? Number.MAX_SAFE_INTEGER : seqBound(untilSeq, 'untilSeq', 0);
  let after = seqBound(afterSeq, 'afterSeq', 0);
  for (;;) {
    const page = await source.readRecords({ ...filter, afterSeq: after, limit, order: 'asc' });
    for (const record of page) {
      if (record.seq > until) return;
      yield record;
      after = record.seq;
    }
    if (page.length < limit) return;
  }
}

/** Every checkpoint after `afterSeq`, ascending, page by page. */
export async function* iterateCheckpoints(source: AuditSource, options: { afterSeq?: number; pageSize?: number } = {}): AsyncGenerator<AuditCheckpoint> {
  const limit = pageLimit(options.pageSize, 1000);
  let after = seqBound(options.afterSeq, 'afterSeq', 0);
  for (;;) {
    const page = await source.readCheckpoints({ afterSeq: after, limit });
    for (const checkpoint of page) {
      yield checkpoint;
      after = checkpoint.seq;
    }
    if (page.length < limit) return;
  }
}
