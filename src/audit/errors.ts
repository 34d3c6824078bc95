import { KeyflowError, type KeyflowErrorCode } from '../errors/index.js';

/** The audit domain's codes: ERR_AUDIT_* (see docs/errors.md). */
export type AuditErrorCode = Extract<KeyflowErrorCode, `ERR_AUDIT_${string}`>;

/**
 * Every failure of the audit domain. Messages name the record (seq) or the field at fault and never
 * quote a detail's value: a refused value may be the secret it was refused for.
 */
export class AuditError extends KeyflowError {
  declare readonly code: AuditErrorCode;
  /** The record the error is about, when there is one. */
  readonly seq: number | undefined;

  constructor(code: AuditErrorCode, message: string, options?: { cause?: unknown; seq?: number }) {
    super(code, message, options);
    this.seq = options?.seq;
  }
}
