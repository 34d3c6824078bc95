/**
 * verifyChain walks records in seq order, in constant memory (one record of look-ahead, one pending
 * checkpoint), and reports the first broken link:
 *
 *   gap                   a record is missing (deleted)
 *   reorder               records are out of order, or two swapped places
 *   hash-mismatch         a record's content does not match its own hash (edited)
 *   prev-mismatch         a record does not link to its predecessor (predecessor replaced and re-hashed)
 *   checkpoint-signature  a checkpoint's signature does not verify (forged or altered)
 *   checkpoint-mismatch   a signed checkpoint disagrees with the record it names (history rewritten and
 *                         re-hashed by someone without the key), or a due checkpoint is missing
 *   truncated             the log ends before a signed checkpoint, or before a head the verifier knows
 *
 * Without checkpoints only the internal consistency is proven: someone who can write the database can
 * rewrite a suffix and re-hash it. Checkpoints bound that to the records after the last checkpoint.
 */
import { EMPTY_HEAD } from './chain-record.js';
import { checkLink, type LinkFailure } from './check-link.js';
import { peekable, type Peekable } from './peekable.js';
import { checkCheckpointSignature } from './sign-checkpoint.js';
import type { AuditCheckpoint, AuditRecord, ChainHead, VerifyResult, VerifySignature } from './types.js';

export interface VerifyOptions {
  /** Signed checkpoints in ascending seq order (AuditSource.readCheckpoints); each is checked against its record. */
  checkpoints?: Iterable<AuditCheckpoint> | AsyncIterable<AuditCheckpoint>;
  /** Required with checkpoints: checks a signature by key id. */
  verifySignature?: VerifySignature;
  /** Verify a suffix: the records start after this trusted head (default: the genesis, seq 0). */
  from?: ChainHead;
  /** The verifier knows the log reached this record (a shipper's last seq, a head it saw before). */
  knownHead?: { seq: number; hash?: string };
  /**
   * The writer's checkpointEvery: the newest multiple of it at or below the last record must be vouched
   * for by a checkpoint at or after it (a deleted newest checkpoint would leave the tail unprotected).
   */
  checkpointEvery?: number;
}

interface Walk {
  prev: ChainHead;
  count: number;
  /** The last record a verified checkpoint vouched for (for messages naming the rewritten range). */
  vouched: number;
  matched: number;
}

/** Verifies `records` (seq order, from `options.from` or the start) against themselves, the checkpoints and the known head. */
export async function verifyChain(
  records: Iterable<AuditRecord> | AsyncIterable<AuditRecord>,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  checkOptions(options);
  const cursor = peekable(records);
  const checkpoints = options.checkpoints ? checkpointCursor(options.checkpoints, options.verifySignature!) : undefined;
  const walk: Walk = { prev: options.from ?? EMPTY_HEAD, count: 0, vouched: options.from?.seq ?? 0, matched: 0 };
  try {
    await checkpoints?.skipUntil(walk.prev.seq);
    for (let record = await cursor.next(); record !== undefined; record = await cursor.next()) {
      const failure = await checkLink(walk.prev, record, cursor)
        ?? await checkVouched(walk, record, checkpoints, options);
      if (failure) return failure;
      walk.prev = { seq: record.seq, hash: record.hash };
      walk.count += 1;
    }
    return (await checkEnd(walk, checkpoints, options)) ?? { ok: true, count: walk.count, head: walk.prev, checkpoints: walk.matched };
  } finally {
    await cursor.close();
    await checkpoints?.close();
  }
}

function checkOptions(options: VerifyOptions): void {
  if (options.checkpoints && typeof options.verifySignature !== 'function') {
    throw new TypeError('verifyChain: checkpoints need a verifySignature function');
  }
  if (options.checkpointEvery !== undefined && (!Number.isSafeInteger(options.checkpointEvery) || options.checkpointEvery < 1)) {
    throw new TypeError('verifyChain: checkpointEvery must be a positive integer');
  }
}

/** The record against a checkpoint at its seq, a checkpoint that is due there, and the known head. */
async function checkVouched(walk: Walk, record: AuditRecord, checkpoints: CheckpointCursor | undefined, options: VerifyOptions): Promise<LinkFailure | undefined> {
  const pending = await checkpoints?.peek();
  if (pending?.checkpoint.seq === record.seq) {
    await checkpoints!.next();
    if (!pending.valid) return badSignature(pending.checkpoint);
    if (pending.checkpoint.hash !== record.hash) {
      const range = walk.vouched + 1 === record.seq ? `record ${record.seq} was` : `records ${walk.vouched + 1}..${record.seq} were`;
      return fail(record.seq, 'checkpoint-mismatch', `record ${record.seq} differs from the signed checkpoint at record ${record.seq}: ${range} rewritten`);
    }
    walk.vouched = record.seq;
    walk.matched += 1;
  }
  const known = options.knownHead;
  if (known?.hash !== undefined && known.seq === record.seq && known.hash !== record.hash) {
    return fail(record.seq, 'checkpoint-mismatch', `record ${record.seq} differs from the head seen before: it was rewritten`);
  }
  return undefined;
}

/** After the last record: a checkpoint or known head beyond it means the tail was cut off. */
async function checkEnd(walk: Walk, checkpoints: CheckpointCursor | undefined, options: VerifyOptions): Promise<LinkFailure | undefined> {
  const pending = await checkpoints?.peek();
  const end = walk.prev.seq;
  if (pending && !pending.valid) return badSignature(pending.checkpoint);
  if (pending) {
    return fail(end + 1, 'truncated', `the log ends at record ${end} but a signed checkpoint vouches for record ${pending.checkpoint.seq}: records after ${end} were removed`);
  }
  if (options.knownHead && options.knownHead.seq > end) {
    return fail(end + 1, 'truncated', `the log ends at record ${end} but it had reached record ${options.knownHead.seq}: records after ${end} were removed`);
  }
  // Only the newest due checkpoint matters: it vouches for everything before it, so a missing older one
  // hides nothing, while a missing newest one would leave the tail open to a rewrite.
  const due = options.checkpointEvery === undefined ? 0 : Math.floor(end / options.checkpointEvery) * options.checkpointEvery;
  if (due > walk.vouched) {
    return fail(due, 'checkpoint-mismatch',
      `no signed checkpoint vouches for record ${due} or later (one is due every ${options.checkpointEvery} records): checkpoints were deleted`);
  }
  return undefined;
}

interface PendingCheckpoint {
  checkpoint: AuditCheckpoint;
  valid: boolean;
}

interface CheckpointCursor {
  /** The next checkpoint and whether its signature verifies; undefined at the end. */
  peek(): Promise<PendingCheckpoint | undefined>;
  next(): Promise<void>;
  skipUntil(seq: number): Promise<void>;
  close(): Promise<void>;
}

/** Checkpoints in order, each signature checked once, when it is first looked at. */
function checkpointCursor(source: Iterable<AuditCheckpoint> | AsyncIterable<AuditCheckpoint>, verify: VerifySignature): CheckpointCursor {
  const items: Peekable<AuditCheckpoint> = peekable(source);
  let checked: PendingCheckpoint | undefined;
  let lastSeq = 0;
  const peek = async (): Promise<PendingCheckpoint | undefined> => {
    const checkpoint = await items.peek();
    if (checkpoint === undefined) return undefined;
    if (checked?.checkpoint !== checkpoint) {
      if (checkpoint === null || typeof checkpoint !== 'object' || !Number.isSafeInteger(checkpoint.seq) || checkpoint.seq <= lastSeq) {
        throw new TypeError('verifyChain: checkpoints must be objects in ascending seq order');
      }
      checked = { checkpoint, valid: await checkCheckpointSignature(checkpoint, verify) };
    }
    return checked;
  };
  return {
    peek,
    next: async () => {
      lastSeq = (await items.next())?.seq ?? lastSeq;
    },
    skipUntil: async (seq) => {
      // Checkpoints at or before the trusted start vouch for records this walk does not see.
      for (let c = await items.peek(); c !== undefined && c.seq <= seq; c = await items.peek()) lastSeq = (await items.next())!.seq;
    },
    close: () => items.close(),
  };
}

function badSignature(checkpoint: AuditCheckpoint): LinkFailure {
  return fail(checkpoint.seq, 'checkpoint-signature',
    `the checkpoint at record ${checkpoint.seq} has an invalid signature (key ${String(checkpoint.keyId)}): it was forged or altered`);
}

function fail(seq: number, reason: LinkFailure['reason'], message: string): LinkFailure {
  return { ok: false, seq, reason, message };
}
