import { finishNode } from './call.js';
import { isFulfilled } from './phases.js';
import { parseScopeKey, resolveTemplate } from './resolve-template.js';
import { publishGlobals } from './template-outputs.js';
import type { RunView } from './run-view.js';
import type { NodeOutputs, NodePhase, NodeStatus, TaskResult } from './types.js';

/** Phase and message of a finished attempt, as Argo words them. */
function verdict(node: NodeStatus, result: TaskResult): { phase: NodePhase; message?: string; transient?: boolean } {
  switch (result.reason) {
    case 'spawn-failed': return { phase: 'Error', message: result.message ?? 'the task could not be started' };
    case 'lost': return { phase: 'Error', message: result.message ?? 'executor lost the task', transient: true };
    case 'output-error': return { phase: 'Error', message: result.message ?? 'failed to collect outputs' };
    case 'timeout': return { phase: 'Failed', message: result.message ?? 'Step exceeded its deadline' };
    case 'killed': return { phase: 'Failed', message: node.keyflow?.killReason ?? result.message ?? 'terminated' };
    default: break;
  }
  if (result.exitCode === 0) return { phase: 'Succeeded' };
  return { phase: 'Failed', message: `Error (exit code ${result.exitCode ?? 'unknown'})` };
}

/** Output parameters: collected value, else the declared default; a missing one errors a succeeded task. */
function collectOutputs(view: RunView, node: NodeStatus, result: TaskResult): { outputs: NodeOutputs; missing?: string } {
  const outputs: NodeOutputs = {};
  if (result.result !== undefined) outputs.result = result.result;
  if (result.exitCode !== null) outputs.exitCode = String(result.exitCode);
  const call = node.keyflow?.call;
  const resolved = call ? resolveTemplate(view.base, call, parseScopeKey(node.templateScope)) : undefined;
  if (!resolved || 'error' in resolved) return { outputs };
  const t = resolved.template;
  let missing: string | undefined;
  const parameters = (t.outputs?.parameters ?? []).flatMap((p) => {
    const value = result.outputParameters[p.name] ?? p.valueFrom?.default ?? p.value;
    if (value === undefined) {
      missing ??= `output parameter '${p.name}': no file at ${p.valueFrom?.path ?? '(no path)'} and no default`;
      return [];
    }
    return [{ name: p.name, value: String(value) }];
  });
  if (parameters.length > 0) outputs.parameters = parameters;
  const artifacts = (t.outputs?.artifacts ?? []).flatMap((a) => {
    const archive = result.outputArtifacts[a.name];
    return archive ? [{ name: a.name, ...(a.path ? { path: a.path } : {}), keyflowArchive: archive }] : [];
  });
  if (artifacts.length > 0) outputs.artifacts = artifacts;
  publishGlobals(view, t, outputs);
  return { outputs, ...(missing ? { missing } : {}) };
}

/** Records a task's start (Pending -> Running); ignored once the node is fulfilled. */
export function markPodRunning(view: RunView, nodeId: string, at: string | undefined): void {
  const node = view.node(nodeId);
  if (!node || node.type !== 'Pod' || node.phase !== 'Pending') return;
  view.update(node, { phase: 'Running', startedAt: at ?? view.nowIso });
}

/**
 * Records a task's outcome on its Pod node. Idempotent: an outcome for a node that is already fulfilled
 * (a duplicate delivery after a crash) changes nothing, so no completion is ever recorded twice.
 */
export function completePod(view: RunView, nodeId: string, result: TaskResult): void {
  const node = view.node(nodeId);
  if (!node || node.type !== 'Pod' || isFulfilled(node)) return;
  const v = verdict(node, result);
  const { outputs, missing } = collectOutputs(view, node, result);
  let { phase, message } = v;
  if (phase === 'Succeeded' && missing) {
    phase = 'Error';
    message = missing;
  }
  finishNode(view, node, phase, message, {
    outputs,
    ...(result.startedAt ? { startedAt: result.startedAt } : {}),
    ...(result.finishedAt ? { finishedAt: result.finishedAt } : {}),
    keyflow: { ...node.keyflow, ...(v.transient ? { transient: true } : {}) },
  });
}
