import { isKeyflowError } from '../errors/index.js';
import { baseNodeFields, finishNode, mayStartNodes, type Call } from './call.js';
import { isFulfilled } from './phases.js';
import { processInputs, type ProcessedInputs } from './process-inputs.js';
import { resolveTemplate, scopeKey, templateLabel } from './resolve-template.js';
import { render } from './render.js';
import { Scope } from './scope.js';
import { executeRetry } from './execute-retry.js';
import { executePod } from './execute-pod.js';
import { executeSteps } from './execute-steps.js';
import { executeDag } from './execute-dag.js';
import { executeSuspend } from './execute-suspend.js';
import type { NodeStatus, ResolvedTemplate } from './types.js';

/** What the body executors get: the call, its resolved template and bound inputs. */
export interface Execution {
  call: Call;
  resolved: ResolvedTemplate;
  inputs: ProcessedInputs;
}

/**
 * Runs (or advances) the template a call names at `call.nodeName`, as Argo's executeTemplate: a
 * fulfilled node is returned as is; errors become an Error node for this call only, never an
 * exception that would stop the rest of the workflow. Returns undefined when the node may not be
 * created yet (parallelism, suspension, shutdown).
 */
export function executeTemplate(call: Call): NodeStatus | undefined {
  const { view } = call;
  const existing = view.byName(call.nodeName);
  if (existing && isFulfilled(existing)) return existing;
  if (!existing && !mayStartNodes(call)) return undefined;
  const resolved = resolveTemplate(view.base, call.invocation, call.scope);
  if ('error' in resolved) return errorNode(call, existing, resolved.error);
  let inputs: ProcessedInputs;
  try {
    const globals = new Scope({ view });
    inputs = existing?.inputs ? inputsFromNode(existing) : processInputs(resolved.template, call.invocation.arguments, call.nodeName, (text, where) => render(text, globals, where));
  } catch (err) {
    return errorNode(call, existing, messageOf(err));
  }
  const execution: Execution = { call, resolved, inputs };
  try {
    if (resolved.retryStrategy && call.retries === undefined) return executeRetry(execution, executeBody);
    return executeBody(execution);
  } catch (err) {
    return errorNode(call, view.byName(call.nodeName), messageOf(err));
  }
}

/** Dispatches on the template's type. */
export function executeBody(execution: Execution): NodeStatus | undefined {
  const t = execution.resolved.template;
  if (t.container || t.script || t.containerSet) return executePod(execution);
  if (t.steps) return executeSteps(execution);
  if (t.dag) return executeDag(execution);
  if (t.suspend) return executeSuspend(execution);
  const kind = ['resource', 'http', 'data', 'plugin'].find((k) => t[k] !== undefined) ?? 'unknown';
  return errorNode(execution.call, execution.call.view.byName(execution.call.nodeName),
    `unsupported: ${kind} templates cannot run on the local executor (template '${t.name}')`);
}

/** Records a failure of this call as an Error node (creating it if needed). */
export function errorNode(call: Call, existing: NodeStatus | undefined, message: string): NodeStatus {
  const node = existing ?? call.view.create({
    ...baseNodeFields(call, templateLabel(call.invocation), scopeKey(call.scope)),
    type: 'Skipped',
  });
  return finishNode(call.view, node, 'Error', message);
}

/** Inputs already bound when the node was created (so re-evaluation never changes them). */
function inputsFromNode(node: NodeStatus): ProcessedInputs {
  return {
    parameters: node.inputs?.parameters ?? [],
    artifacts: (node.inputs?.artifacts ?? []) as ProcessedInputs['artifacts'],
  };
}

function messageOf(err: unknown): string {
  if (isKeyflowError(err)) return err.message;
  if (err instanceof Error) return `internal error: ${err.message}`;
  return String(err);
}
