import { KeyflowError, type KeyflowErrorCode } from '../errors/index.js';

/** Codes the executors raise; task failures are outcomes, these are setup and misuse errors. */
export type ExecutorErrorCode = Extract<KeyflowErrorCode, `ERR_EXECUTOR_${string}`>;

/** A failure of the executor itself (sandbox missing, refused configuration, bad task id). */
export class ExecutorError extends KeyflowError {
  declare readonly code: ExecutorErrorCode;

  constructor(code: ExecutorErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
