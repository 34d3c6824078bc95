import { KeyflowError, type KeyflowErrorCode } from '../errors/index.js';

type EngineErrorCode = Extract<KeyflowErrorCode, `ERR_ENGINE_${string}`>;

/** A workflow that cannot start or an action that does not apply to the run's current phase. */
export class EngineError extends KeyflowError {
  constructor(code: EngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
