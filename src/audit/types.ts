/**
 * The audit record model (issue 7). A record says who (principal) did what (action) to which resource,
 * whether it was allowed and why, and how it ended. Records form one hash chain per log: `seq` counts
 * 1, 2, 3 ... without gaps, `prevHash` is the previous record's `hash` (GENESIS_HASH for seq 1), and
 * `hash` is SHA-256 over the canonical JSON of every other field (see hash-record.ts, docs/audit.md).
 */
import type { SqlExecutor, SyncSqlExecutor } from './sql-executor.js';

/** A JSON value as the audit log stores it: no undefined, no NaN or Infinity, no class instances. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object (the `details` of a record). */
export type JsonObject = { [key: string]: JsonValue };

/** The `prevHash` of record 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** The record format version `v`, part of every hash so that a future format cannot be confused with this one. */
export const RECORD_FORMAT_VERSION = 1;

/** Who acted. `system` is Keyflow itself (controller, sweepers); `anonymous` a caller without a valid token. */
export type PrincipalKind = 'user' | 'serviceaccount' | 'task' | 'system' | 'anonymous';

export interface AuditPrincipal {
  /** The token's `iss` ('' for system and anonymous). */
  issuer: string;
  subject: string;
  username: string;
  groups: string[];
  kind: PrincipalKind;
}

/** What the action applies to; '' for a cluster-scoped namespace and for fields that do not apply. */
export interface AuditResource {
  kind: string;
  namespace: string;
  name: string;
}

export type AuditDecision = 'allowed' | 'denied';

/** `success`: the action took effect; `failure`: it was refused or failed (the reason or details say why). */
export type AuditOutcome = 'success' | 'failure';

/**
 * What a caller asks to record. Optional fields become '' / null / {} in the record, so that every
 * record has the same shape and "absent" has one encoding.
 */
export interface AuditEntry {
  /** ISO-8601 UTC with milliseconds, `2024-05-01T10:00:00.000Z`. */
  time: string;
  /** Extra fields of the caller's principal (e.g. identity's `claims`) are ignored: claims can hold PII. */
  principal: Omit<AuditPrincipal, 'username' | 'groups'> & { username?: string; groups?: readonly string[] };
  /** `resource:verb` (`workflow:create`) or an event (`auth:login`, `token:issue`, `task:start`). */
  action: string;
  resource?: Partial<AuditResource>;
  decision: AuditDecision;
  /** Why: for a decision, the binding that decided (access's `reason.text`). */
  reason?: string;
  requestId?: string | null;
  sourceAddress?: string | null;
  outcome: AuditOutcome;
  /** Names and ids only: secret-looking keys are refused (see guard-details.ts). */
  details?: JsonObject;
}

/** The hashed part of a record: everything but `hash`. */
export interface AuditRecordBody {
  v: number;
  seq: number;
  prevHash: string;
  time: string;
  principal: AuditPrincipal;
  action: string;
  resource: AuditResource;
  decision: AuditDecision;
  reason: string;
  requestId: string | null;
  sourceAddress: string | null;
  outcome: AuditOutcome;
  details: JsonObject;
}

/** One record of the log, as stored, exported and verified. */
export interface AuditRecord extends AuditRecordBody {
  /** Lower-case hex SHA-256 of the canonical JSON of the body. */
  hash: string;
}

/** The end of a chain: the last record's seq and hash (seq 0 and GENESIS_HASH for an empty log). */
export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * A signed statement "record `seq` of this log has hash `hash`". With it, a verifier that holds the public
 * key detects a rewritten history (records re-hashed without the key) and a tail truncated below `seq`.
 */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  time: string;
  keyId: string;
  /** base64url signature over checkpointPayload(...) (see sign-checkpoint.ts). */
  signature: string;
}

/** Signs checkpoint payloads; the server passes its issuer key, tests the Ed25519 default. */
export interface AuditSigner {
  keyId: string;
  sign(payload: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** True when `signature` is a valid signature of `payload` by the key `keyId`; false for unknown keys. */
export type VerifySignature = (keyId: string, payload: Uint8Array, signature: Uint8Array) => boolean | Promise<boolean>;

/** Why verification failed, at the first broken link. */
export type ChainFailureReason =
  | 'hash-mismatch' | 'gap' | 'reorder' | 'prev-mismatch' | 'checkpoint-signature' | 'checkpoint-mismatch' | 'truncated';

export type VerifyResult =
  | { ok: true; count: number; head: ChainHead; checkpoints: number }
  | { ok: false; seq: number; reason: ChainFailureReason; message: string };

/** List filters; every field narrows the result (AND). */
export interface AuditFilter {
  /** Records at or after this time (ISO-8601). */
  since?: string;
  /** Subject or username of the principal. */
  principal?: string;
  action?: string;
  namespace?: string;
  decision?: AuditDecision;
}

export interface AuditQuery extends AuditFilter {
  /** Ascending order: records with seq > afterSeq (default 0). */
  afterSeq?: number;
  /** Descending order: records with seq < beforeSeq (newest first). */
  beforeSeq?: number;
  order?: 'asc' | 'desc';
  /** At most this many records (default 100, at most 10,000). */
  limit?: number;
}

/**
 * Writes records and checkpoints in the caller's open transaction `tx` (see docs/audit.md for the
 * transaction contract: the append shares the transaction of the change it describes).
 */
export interface AuditSink {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Chains `entries` onto the stored head and inserts them, in order; returns the records as stored.
   * Validation failures (ERR_AUDIT_INVALID_RECORD, _SECRET_DETAIL) are thrown before anything is written;
   * the caller's transaction must then roll back, taking the described change with it.
   */
  append(tx: SqlExecutor, entries: readonly AuditEntry[]): Promise<AuditRecord[]>;
  /** Stores a checkpoint; false when one for that seq already exists (another replica signed it first). */
  saveCheckpoint(tx: SqlExecutor, checkpoint: AuditCheckpoint): Promise<boolean>;
}

/** SQLite's sink also appends synchronously, inside the store's better-sqlite3 transaction (writeSync). */
export interface SyncAuditSink extends AuditSink {
  readonly dialect: 'sqlite';
  appendSync(tx: SyncSqlExecutor, entries: readonly AuditEntry[]): AuditRecord[];
}

/** Reads the log: records in seq order with filters, checkpoints, the head. */
export interface AuditSource {
  /** One page of records (default ascending after seq 0, 100 at most); ERR_AUDIT_INVALID_FILTER for a bad query. */
  readRecords(query?: AuditQuery): Promise<AuditRecord[]>;
  /** One page of checkpoints after `afterSeq` (default 0), ascending, at most `limit` (default 1,000). */
  readCheckpoints(query?: { afterSeq?: number; limit?: number }): Promise<AuditCheckpoint[]>;
  readLastCheckpoint(): Promise<AuditCheckpoint | undefined>;
  /** The head row (informational: verification trusts the records and checkpoints, not this row). */
  readHead(): Promise<ChainHead>;
}
