import { ERROR_CODES, type KeyflowErrorCode } from './catalog.js';

/**
 * Base of every domain error: a stable `code`, an HTTP `status`, and `expose` telling the server whether
 * the message may reach the client (oidc-provider's convention: only client errors are exposed).
 * Messages must never contain secret values or tokens.
 */
export class KeyflowError extends Error {
  readonly code: KeyflowErrorCode;
  readonly status: number;
  readonly expose: boolean;

  constructor(code: KeyflowErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = ERROR_CODES[code];
    this.expose = this.status < 500;
  }
}

/** True when `err` is a KeyflowError (optionally with the given code). */
export function isKeyflowError(err: unknown, code?: KeyflowErrorCode): err is KeyflowError {
  return err instanceof KeyflowError && (code === undefined || err.code === code);
}
