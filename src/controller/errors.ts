import { KeyflowError, type KeyflowErrorCode } from '../errors/index.js';

type ControllerErrorCode = Extract<KeyflowErrorCode, `ERR_CONTROLLER_${string}`>;

/** Failures of driving runs: unknown workflows, unsupported task inputs, ownership. */
export class ControllerError extends KeyflowError {
  constructor(code: ControllerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
