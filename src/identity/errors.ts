import { KeyflowError, type KeyflowErrorCode } from '../errors/index.js';

/** The identity domain's codes: ERR_AUTH_* (see docs/errors.md). */
export type IdentityErrorCode = Extract<KeyflowErrorCode, `ERR_AUTH_${string}`>;

/**
 * Every failure of the identity domain. Token failures are 401 and say why the token was refused; their
 * messages never contain the token, a password or a client secret.
 */
export class IdentityError extends KeyflowError {
  declare readonly code: IdentityErrorCode;

  constructor(code: IdentityErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
