/**
 * The audit log as the server uses it: one object over a sink, a source and a signer, with the resolved
 * options. It prepares events (clock, redactor, secret guard), appends them in the caller's transaction,
 * signs checkpoints after commit, and verifies, lists and exports.
 *
 * Checkpoint life cycle: after records are committed, checkpointIfDue() looks at the last checkpoint c and
 * the head h. Every multiple m of checkpointEvery with c < m <= h is due. The records c+1..m are first
 * verified from c (itself signature-checked), so a checkpoint never vouches for a chain that does not
 * hold; then each due m is signed and stored in one transaction of its own (ON CONFLICT DO NOTHING: two
 * replicas may race, the first wins). A crash between commit and checkpoint leaves m unsigned until the
 * next call, which fills the hole. checkpoint() does the same for the current end of the log, on demand.
 */
import { EMPTY_HEAD } from './chain-record.js';
import { AuditError } from './errors.js';
import { exportRecords, type ExportOptions } from './export-records.js';
import { guardDetails } from './guard-details.js';
import { iterateCheckpoints, iterateRecords } from './iterate-records.js';
import { checkCheckpointSignature, signCheckpoint } from './sign-checkpoint.js';
import type { SqlExecutor, SyncSqlExecutor } from './sql-executor.js';
import type {
  AuditCheckpoint, AuditEntry, AuditQuery, AuditRecord, AuditSigner, AuditSink, AuditSource, ChainHead, JsonObject,
  SyncAuditSink, VerifyResult, VerifySignature,
} from './types.js';
import { verifyChain } from './verify-chain.js';

/** What callers record: an AuditEntry whose time the log fills in from its clock when absent. */
export type AuditEvent = Omit<AuditEntry, 'time'> & { time?: string };

export interface AuditLogOptions {
  sink: AuditSink;
  source: AuditSource;
  /** Runs `fn` in a write transaction of its own (for checkpoints); the store's withTransaction. */
  transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>) => Promise<T>;
  signer?: AuditSigner;
  /** Checks checkpoint signatures (verify, and the last checkpoint before signing the next). */
  verifySignature?: VerifySignature;
  /** Records between checkpoints (default 1,000; 0 turns automatic checkpoints off). */
  checkpointEvery?: number;
  now?: () => Date;
  /** Secret-looking detail keys: `strip` (default; the record lists what was removed) or `refuse`. */
  secretDetails?: 'strip' | 'refuse';
  /** Runs over every event's details before the guard (the secrets domain's redactor). */
  redact?: (details: JsonObject) => JsonObject;
}

export interface AuditLog {
  /** The entry that `event` becomes: time filled in, details redacted and guarded. Throws on a refused detail. */
  prepare(event: AuditEvent): AuditEntry;
  /** Appends in the caller's open transaction; throwing means the caller must roll back. */
  append(tx: SqlExecutor, events: readonly AuditEvent[]): Promise<AuditRecord[]>;
  /** SQLite only: appends inside the store's synchronous transaction (writeSync). */
  appendSync(tx: SyncSqlExecutor, events: readonly AuditEvent[]): AuditRecord[];
  /** Signs every due checkpoint (call after each commit that appended, and at start); returns the new ones. */
  checkpointIfDue(): Promise<AuditCheckpoint[]>;
  /** Signs a checkpoint at the current end of the log; undefined for an empty log. */
  checkpoint(): Promise<AuditCheckpoint | undefined>;
  /** Verifies the whole log against itself and its checkpoints. */
  verify(options?: { knownHead?: { seq: number; hash?: string } }): Promise<VerifyResult>;
  list(query?: AuditQuery): Promise<AuditRecord[]>;
  export(options?: ExportOptions): AsyncGenerator<string>;
}

/** Builds an AuditLog; options are checked once here. */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const config = resolveOptions(options);
  const { sink, source } = config;
  const prepare = (event: AuditEvent): AuditEntry => prepareEvent(event, config);
  return {
    prepare,
    append: (tx, events) => sink.append(tx, events.map(prepare)),
    appendSync: (tx, events) => {
      if (!('appendSync' in sink)) throw new TypeError('appendSync needs the SQLite sink (createAuditSql("sqlite").sink)');
      return (sink as SyncAuditSink).appendSync(tx, events.map(prepare));
    },
    checkpointIfDue: () => signDue(config, 'due'),
    checkpoint: async () => (await signDue(config, 'head')).at(-1) ?? (await source.readLastCheckpoint()),
    verify: async (verifyOptions = {}) => verifyLog(config, verifyOptions.knownHead),
    list: (query) => source.readRecords(query),
    export: (exportOptions) => exportRecords(source, exportOptions),
  };
}

type Config = Required<Pick<AuditLogOptions, 'sink' | 'source' | 'transaction' | 'checkpointEvery' | 'now' | 'secretDetails'>>
  & Pick<AuditLogOptions, 'signer' | 'verifySignature' | 'redact'>;

function resolveOptions(options: AuditLogOptions): Config {
  if (!options?.sink || !options.source || typeof options.transaction !== 'function') {
    throw new TypeError('createAuditLog: sink, source and transaction are required');
  }
  const checkpointEvery = options.checkpointEvery ?? 1000;
  if (!Number.isSafeInteger(checkpointEvery) || checkpointEvery < 0) throw new TypeError('createAuditLog: checkpointEvery must be a non-negative integer');
  const secretDetails = options.secretDetails ?? 'strip';
  if (secretDetails !== 'strip' && secretDetails !== 'refuse') throw new TypeError("createAuditLog: secretDetails must be 'strip' or 'refuse'");
  return { ...options, checkpointEvery, secretDetails, now: options.now ?? (() => new Date()) };
}

function prepareEvent(event: AuditEvent, config: Config): AuditEntry {
  const time = event.time ?? config.now().toISOString();
  if (event.details === undefined && !config.redact) return { ...event, time };
  const { details, stripped } = guardDetails(event.details ?? {}, { mode: config.secretDetails, redact: config.redact });
  // The record says that something was removed, and where, so an auditor knows the details are partial.
  return { ...event, time, details: stripped.length === 0 ? details : { ...details, strippedKeys: stripped } };
}

/** Verifies from the last checkpoint to the targets ('due' multiples, or the 'head'), then signs and stores them. */
async function signDue(config: Config, target: 'due' | 'head'): Promise<AuditCheckpoint[]> {
  const { signer, source, checkpointEvery: every } = config;
  if (!signer) {
    if (target === 'due') return [];
    throw new AuditError('ERR_AUDIT_SIGNER', 'no audit signer is configured: checkpoints cannot be signed');
  }
  if (target === 'due' && every === 0) return [];
  const last = await source.readLastCheckpoint();
  const from = await trustedStart(last, config);
  const head = await source.readHead();
  const dueUntil = target === 'head' ? head.seq : Math.floor(head.seq / every) * every;
  if (dueUntil <= from.seq) return [];
  const marks: ChainHead[] = [];
  const isDue = (seq: number): boolean => seq === dueUntil || (every > 0 && seq % every === 0);
  const records = tap(iterateRecords(source, { afterSeq: from.seq, untilSeq: dueUntil }), (r) => {
    if (isDue(r.seq)) marks.push({ seq: r.seq, hash: r.hash });
  });
  const result = await verifyChain(records, { from, knownHead: { seq: dueUntil } });
  if (!result.ok) {
    throw new AuditError('ERR_AUDIT_TAMPERED', `refusing to sign an audit checkpoint: ${result.message}`, { seq: result.seq });
  }
  const time = config.now().toISOString();
  const signed: AuditCheckpoint[] = [];
  for (const mark of marks) signed.push(await signCheckpoint(mark, signer, time));
  // Another replica may have stored some of them first; report only the ones stored here.
  return config.transaction(async (tx) => {
    const stored: AuditCheckpoint[] = [];
    for (const checkpoint of signed) if (await config.sink.saveCheckpoint(tx, checkpoint)) stored.push(checkpoint);
    return stored;
  });
}

/** Where signing may start: the last checkpoint once its signature verifies, or the genesis. */
async function trustedStart(last: AuditCheckpoint | undefined, config: Config): Promise<ChainHead> {
  if (!last) return EMPTY_HEAD;
  if (config.verifySignature && !(await checkCheckpointSignature(last, config.verifySignature))) {
    throw new AuditError('ERR_AUDIT_TAMPERED', `refusing to sign an audit checkpoint: the checkpoint at record ${last.seq} has an invalid signature`, { seq: last.seq });
  }
  return { seq: last.seq, hash: last.hash };
}

async function verifyLog(config: Config, knownHead: { seq: number; hash?: string } | undefined): Promise<VerifyResult> {
  const { source, verifySignature, checkpointEvery } = config;
  try {
    return await verifyChain(iterateRecords(source), {
      ...(verifySignature ? { checkpoints: iterateCheckpoints(source), verifySignature } : {}),
      // A log configured to check signatures expects its checkpoints to be there.
      ...(verifySignature && checkpointEvery > 0 ? { checkpointEvery } : {}),
      ...(knownHead ? { knownHead } : {}),
    });
  } catch (err) {
    // A row too malformed to decode is a tampered record like any other: report it, do not crash.
    if (err instanceof AuditError && err.code === 'ERR_AUDIT_TAMPERED' && err.seq !== undefined) {
      return { ok: false, seq: err.seq, reason: 'hash-mismatch', message: err.message };
    }
    throw err;
  }
}

/** Passes `items` through, calling `see` on each. */
async function* tap<T>(items: AsyncIterable<T>, see: (item: T) => void): AsyncGenerator<T> {
  for await (const item of items) {
    see(item);
    yield item;
  }
}
