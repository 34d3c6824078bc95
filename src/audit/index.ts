/**
 * Public surface of the audit domain (issue 7): the hash-chained, checkpointed audit log, its SQL on
 * SQLite and PostgreSQL, verification and export. See docs/audit.md.
 */
export type {
  AuditEntry, AuditRecord, AuditRecordBody, AuditPrincipal, AuditResource, AuditDecision, AuditOutcome, PrincipalKind,
  AuditCheckpoint, AuditSigner, VerifySignature, ChainHead, ChainFailureReason, VerifyResult, AuditFilter, AuditQuery,
  AuditSink, SyncAuditSink, AuditSource, JsonValue, JsonObject,
} from './types.js';
export { GENESIS_HASH, RECORD_FORMAT_VERSION } from './types.js';
export { AuditError, type AuditErrorCode } from './errors.js';
// Pure: encoding, chaining, verification
export { canonicalJson } from './canonical-json.js';
export { hashRecord, encodeRecord } from './hash-record.js';
export { chainRecord, chainRecords, EMPTY_HEAD } from './chain-record.js';
export { checkEntry, AUDIT_LIMITS } from './check-entry.js';
export { guardDetails, isSecretKey, isSecretValue, type GuardOptions } from './guard-details.js';
export { verifyChain, type VerifyOptions } from './verify-chain.js';
export { parseRecordLine } from './parse-record-line.js';
// Checkpoints
export { checkpointPayload, signCheckpoint, checkCheckpointSignature, CHECKPOINT_TYPE } from './sign-checkpoint.js';
export { createEd25519Signer, createEd25519Verifier, type Ed25519Signer } from './ed25519-signer.js';
export { openAuditKeyFile } from './open-audit-key.js';
// Persistence
export { createAuditSql, type AuditSql } from './create-audit-sql.js';
export { auditMigration } from './load-statements.js';
export { kyselyExecutor, type SqlExecutor, type SyncSqlExecutor, type SqlRow } from './sql-executor.js';
export { iterateRecords, iterateCheckpoints, type IterateOptions } from './iterate-records.js';
export { exportRecords, type ExportOptions } from './export-records.js';
// The log as the server uses it
export { createAuditLog, type AuditLog, type AuditLogOptions, type AuditEvent } from './create-audit-log.js';
