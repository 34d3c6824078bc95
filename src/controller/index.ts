/** Drives runs: the engine's steps made durable in the store and carried out by an executor. */
export { Controller, type ControllerOptions, type SubmitOptions } from './controller.js';
export { ControllerError } from './errors.js';
export { toArgoWorkflow, progressOf } from './to-argo.js';
export { fromStored } from './run-codec.js';
