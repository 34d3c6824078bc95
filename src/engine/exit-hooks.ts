import type { InvocationBase } from '../spec/index.js';
import type { Call } from './call.js';
import { executeTemplate } from './execute-template.js';
import { isCompleted, isFulfilled } from './phases.js';
import { render } from './render.js';
import type { Scope } from './scope.js';
import type { NodeStatus } from './types.js';

/** The exit hook of a step or task: `onExit: tmpl` or `hooks: {exit: {...}}`. */
function exitHookOf(inv: InvocationBase): { template?: string; templateRef?: InvocationBase['templateRef']; arguments?: InvocationBase['arguments'] } | undefined {
  if (inv.onExit) return { template: inv.onExit };
  return inv.hooks?.exit;
}

/**
 * Runs the exit hook of a step/task once its node has completed; true when there is no hook or the
 * hook has finished (dependents and the parent wait for it, as in Argo).
 */
export function runExitHook(parent: Call, inv: InvocationBase, node: NodeStatus, scope: Scope): boolean {
  const hook = exitHookOf(inv);
  if (!hook || !isCompleted(node.phase)) return true;
  const args = hook.arguments?.parameters?.map((p) => ({ ...p, ...(p.value !== undefined ? { value: render(String(p.value), scope, `${node.name}.onExit.arguments`) } : {}) }));
  const hookNode = executeTemplate({
    view: parent.view,
    nodeName: `${node.name}.onExit`,
    displayName: `${node.displayName}.onExit`,
    invocation: { name: 'onExit', template: hook.template, templateRef: hook.templateRef, arguments: { parameters: args ?? [] } },
    scope: parent.scope,
    parentId: node.id,
    boundaryID: parent.boundaryID,
    isExitHandler: true,
  });
  return isFulfilled(hookNode);
}
