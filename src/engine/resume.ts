import type { Template } from '../spec/index.js';
import { finishNode } from './call.js';
import { EngineError } from './errors.js';
import { resolveTemplate, parseScopeKey } from './resolve-template.js';
import type { RunView } from './run-view.js';
import type { NodeOutputs, NodeStatus } from './types.js';

/** Output parameters of a resumed suspend node: supplied values, else valueFrom.default, else an error. */
export function resumeOutputs(t: Template, supplied: Record<string, string>, where: string): { outputs?: NodeOutputs } | { error: string } {
  const parameters = [];
  for (const p of t.outputs?.parameters ?? []) {
    const value = supplied[p.name] ?? p.value ?? p.valueFrom?.default;
    if (value === undefined) return { error: `${where}: output parameter '${p.name}' was not supplied on resume` };
    parameters.push({ name: p.name, value: String(value) });
  }
  return parameters.length > 0 ? { outputs: { parameters } } : {};
}

function matches(node: NodeStatus, selector: string | undefined): boolean {
  return selector === undefined || node.name === selector || node.displayName === selector || node.id === selector;
}

/**
 * Resumes suspended nodes (all of them, or those matching `nodeName` by name, display name or id) and a
 * suspended workflow. Throws when nothing was suspended, so the caller learns that resume did nothing.
 */
export function resumeRun(view: RunView, nodeName: string | undefined, supplied: Record<string, string>): void {
  let resumed = 0;
  if (view.run.suspended && nodeName === undefined) {
    view.run = { ...view.run, suspended: false };
    resumed++;
  }
  for (const id of view.allIds()) {
    const node = view.node(id);
    if (!node || node.type !== 'Suspend' || node.phase !== 'Running' || !matches(node, nodeName)) continue;
    const call = node.keyflow?.call;
    const resolved = call ? resolveTemplate(view.base, call, parseScopeKey(node.templateScope)) : undefined;
    const outputs = resolved && !('error' in resolved) ? resumeOutputs(resolved.template, supplied, node.name) : {};
    if ('error' in outputs) throw new EngineError('ERR_ENGINE_PARAMETER_MISSING', outputs.error);
    finishNode(view, node, 'Succeeded', undefined, outputs.outputs ? { outputs: outputs.outputs } : {});
    resumed++;
  }
  if (resumed === 0) {
    throw new EngineError('ERR_ENGINE_INVALID_TRANSITION', nodeName ? `no suspended node matches '${nodeName}'` : 'workflow has no suspended node to resume');
  }
}
