import { KeyflowError, type KeyflowErrorCode } from '../errors/index.js';

export type ServerErrorCode = Extract<KeyflowErrorCode, `ERR_SERVER_${string}`>;

/** Failures of the HTTP layer itself: bad requests, missing credentials, configuration, TLS. */
export class ServerError extends KeyflowError {
  declare readonly code: ServerErrorCode;

  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
