import type { WorkflowStep } from '../spec/index.js';
import { baseNodeFields, finishNode, type Call } from './call.js';
import { isFulfilled, isSuccessful } from './phases.js';
import { scopeKey } from './resolve-template.js';
import { Scope, type SiblingLookup } from './scope.js';
import { executeStepGroup } from './step-group.js';
import { templateOutputs } from './template-outputs.js';
import type { Execution } from './execute-template.js';
import type { NodeStatus } from './types.js';
import type { RunView } from './run-view.js';

/** `steps.X` inside a steps template: the node(s) of step X in groups 0..upTo. */
function stepSiblings(view: RunView, stepsName: string, groups: WorkflowStep[][], upTo: number): SiblingLookup {
  const find: SiblingLookup['find'] = (name) => {
    for (let i = Math.min(upTo, groups.length - 1); i >= 0; i--) {
      const step = groups[i]?.find((s) => s.name === name);
      if (!step) continue;
      const groupName = `${stepsName}[${i}]`;
      const direct = view.byName(`${groupName}.${name}`);
      if (direct) return { node: direct };
      const group = view.byName(groupName);
      if (!group) return undefined;
      const expanded = (group.children ?? []).map((id) => view.node(id)).filter((n): n is NodeStatus => n?.keyflow?.invocation === name);
      return { node: group, expanded };
    }
    return undefined;
  };
  const names = () => groups.slice(0, upTo + 1).flatMap((g) => g.map((s) => s.name));
  return { find, names };
}

/**
 * Steps template (Argo's executeSteps): groups run one after another, the steps of a group in
 * parallel. A failed group fails the Steps node once it has no running children; outputs are
 * computed from the scope of the finished steps.
 */
export function executeSteps(execution: Execution): NodeStatus | undefined {
  const { call, resolved, inputs } = execution;
  const { view } = call;
  const t = resolved.template;
  const groups = t.steps ?? [];
  let node = view.byName(call.nodeName) ?? view.create({
    ...baseNodeFields(call, t.name, scopeKey(resolved.scope)), type: 'Steps', phase: 'Running',
    inputs: { parameters: inputs.parameters, ...(inputs.artifacts.length > 0 ? { artifacts: inputs.artifacts } : {}) },
  });
  const inner: Call = { ...call, scope: resolved.scope, boundaryID: node.id, parentId: node.id, item: undefined, invocationName: undefined, retries: undefined };
  for (let i = 0; i < groups.length; i++) {
    const scope = new Scope({
      view, inputs: inputs.parameters, inputArtifacts: inputs.artifacts.map((a) => ({ name: a.name, path: a.path })),
      siblingsKind: 'steps', siblings: stepSiblings(view, call.nodeName, groups, i),
    });
    const group = executeStepGroup(inner, `${call.nodeName}[${i}]`, groups[i] ?? [], t.parallelism, scope);
    node = view.node(node.id) ?? node;
    if (!group || !isFulfilled(group)) return node;
    if (!isSuccessful(group.phase)) return finishNode(view, node, group.phase === 'Error' ? 'Error' : 'Failed', group.message);
  }
  const scope = new Scope({ view, inputs: inputs.parameters, siblingsKind: 'steps', siblings: stepSiblings(view, call.nodeName, groups, groups.length - 1) });
  const outputs = templateOutputs(view, t, scope, call.nodeName);
  return finishNode(view, view.node(node.id) ?? node, 'Succeeded', undefined, outputs ? { outputs } : {});
}
