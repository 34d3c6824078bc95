import { KeyflowError, type KeyflowErrorCode } from '../errors/index.js';

/** The store's codes: ERR_STORE_CONFLICT, _NOT_FOUND, _ALREADY_EXISTS, _UNAVAILABLE, _MIGRATION, _INVALID_VALUE. */
export type StoreErrorCode = Extract<KeyflowErrorCode, `ERR_STORE_${string}`>;

/**
 * Every failure of the store domain. Messages name the run or resource and, for conflicts, both
 * versions; they never contain credentials (database URLs pass through `redactUrl` first).
 */
export class StoreError extends KeyflowError {
  declare readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
