/**
 * The engine: pure state transitions of a workflow run. `createRun` builds the initial state, `step`
 * applies events and returns the patch plus the commands to perform, `retryRun` re-opens a failed run.
 */
export type {
  RunState, RunPatch, RunFields, NodeStatus, NodePhase, NodeType, WorkflowPhase, NodeOutputs,
  EngineEvent, EngineCommand, EngineContext, StepResult, TaskSpec, TaskResult,
} from './types.js';
export { EngineError } from './errors.js';
export { createRun, referencedTemplates, type CreateRunOptions } from './create-run.js';
export { step } from './step.js';
export { retryRun } from './retry-run.js';
export { applyPatch, applyPatchInPlace, nodeChildren } from './run-view.js';
export { storedTemplateKey } from './resolve-template.js';
export { parseDuration } from './duration.js';
export { isFulfilled } from './phases.js';
