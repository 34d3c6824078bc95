import { baseNodeFields, finishNode } from './call.js';
import { parseDuration } from './duration.js';
import { render } from './render.js';
import { scopeKey } from './resolve-template.js';
import { Scope } from './scope.js';
import { resumeOutputs } from './resume.js';
import type { Execution } from './execute-template.js';
import type { NodeStatus } from './types.js';

/**
 * Suspend template: a Suspend node stays Running until resumed (`keyflow resume`) or, with a duration,
 * until its resumeAt passes; the engine asks the controller to wake it then.
 */
export function executeSuspend(execution: Execution): NodeStatus | undefined {
  const { call, resolved, inputs } = execution;
  const { view } = call;
  const t = resolved.template;
  let node = view.byName(call.nodeName);
  if (!node) {
    const scope = new Scope({ view, inputs: inputs.parameters });
    const duration = t.suspend?.duration;
    const resumeAt = duration !== undefined && duration !== ''
      ? new Date(view.ctx.now.getTime() + parseDuration(render(String(duration), scope, `${call.nodeName}.suspend.duration`), `${call.nodeName}.suspend.duration`)).toISOString()
      : undefined;
    node = view.create({
      ...baseNodeFields(call, t.name, scopeKey(resolved.scope)), type: 'Suspend', phase: 'Running',
      inputs: { parameters: inputs.parameters },
    });
    if (resumeAt) node = view.update(node, { keyflow: { ...node.keyflow, resumeAt } });
  }
  const resumeAt = node.keyflow?.resumeAt;
  if (resumeAt && Date.parse(resumeAt) <= view.ctx.now.getTime()) {
    const outputs = resumeOutputs(t, {}, call.nodeName);
    if ('error' in outputs) return finishNode(view, node, 'Error', outputs.error);
    return finishNode(view, node, 'Succeeded', undefined, outputs.outputs ? { outputs: outputs.outputs } : {});
  }
  if (resumeAt) view.emit({ type: 'wakeAt', at: resumeAt });
  return node;
}
