import { KeyflowError, type KeyflowErrorCode } from '../errors/index.js';

/** The secrets domain's codes (ERR_SECRET_*), see docs/errors.md. */
export type SecretErrorCode = Extract<KeyflowErrorCode, `ERR_SECRET_${string}`>;

/**
 * Every failure of the secrets domain. Messages name the secret, the data key, the key id or the file at
 * fault and never contain a secret value, key material or plaintext: they are built only from names,
 * sizes and ids, so no code path can splice a value into one by accident.
 */
export class SecretError extends KeyflowError {
  declare readonly code: SecretErrorCode;

  constructor(code: SecretErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
