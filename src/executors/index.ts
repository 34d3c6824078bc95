/** Public surface of the executors domain: other domains import only this file. */
export type { Executor, TaskLaunch, TaskOutcome, TaskFile, InputArtifactMount, OutputSpec } from './types.js';
export type { LocalExecutorOptions } from './resolve-local-config.js';
export type { SandboxStatus } from './detect-sandbox.js';
export type { RunAs } from './resolve-run-as.js';
export { createLocalExecutor } from './local-executor.js';
export { detectSandbox } from './detect-sandbox.js';
export { ExecutorError, type ExecutorErrorCode } from './errors.js';
export { MAX_PARAMETER_BYTES } from './collect-outputs.js';
