import type { Call } from './call.js';
import { executeTemplate } from './execute-template.js';
import { isFailedOrError, isFulfilled } from './phases.js';
import { failOpenNodes, hasActiveTasks, killActiveTasks } from './shutdown.js';
import type { RunView } from './run-view.js';
import type { NodePhase, WorkflowPhase } from './types.js';

const LOCAL = { kind: 'local' as const, name: '' };

function toWorkflowPhase(phase: NodePhase): WorkflowPhase {
  if (phase === 'Failed' || phase === 'Error') return phase;
  return 'Succeeded';
}

/** Starts the clock on first reconcile and enforces the workflow's activeDeadlineSeconds. */
function checkDeadline(view: RunView): void {
  const spec = view.base.spec;
  if (!view.run.startedAt) {
    const deadline = spec.activeDeadlineSeconds !== undefined
      ? new Date(view.ctx.now.getTime() + Number(spec.activeDeadlineSeconds) * 1000).toISOString() : undefined;
    view.run = { ...view.run, phase: 'Running', startedAt: view.nowIso, ...(deadline ? { deadline } : {}) };
  }
  const deadline = view.run.deadline;
  if (!deadline || view.run.deadlineExceeded) return;
  if (Date.parse(deadline) <= view.ctx.now.getTime()) {
    const message = `Workflow exceeded its deadline (activeDeadlineSeconds ${String(spec.activeDeadlineSeconds)})`;
    view.run = { ...view.run, deadlineExceeded: true, message };
    killActiveTasks(view, 'Step exceeded its deadline');
  } else {
    view.emit({ type: 'wakeAt', at: deadline });
  }
}

/** Runs the workflow's exit handler (spec.onExit or spec.hooks.exit); true when done or absent. */
function runExitHandler(view: RunView): { done: boolean; failed?: string } {
  const spec = view.base.spec;
  const hook = spec.onExit ? { template: spec.onExit } : spec.hooks?.exit;
  if (!hook || view.run.shutdown === 'Terminate') return { done: true };
  const call: Call = {
    view, nodeName: `${view.base.name}.onExit`, displayName: `${view.base.name}.onExit`, scope: LOCAL, isExitHandler: true,
    invocation: { name: 'onExit', template: hook.template, templateRef: hook.templateRef, arguments: hook.arguments },
  };
  const node = executeTemplate(call);
  if (!node || !isFulfilled(node)) return { done: false };
  return isFailedOrError(node.phase) ? { done: true, failed: node.message ?? node.phase } : { done: true };
}

/**
 * One pass of the workflow state machine (Argo's operate):
 *   Pending -> Running          on the first pass (clock and deadline start)
 *   Running: advance the entrypoint's node tree; once it is fulfilled (or, when stopping or past the
 *            deadline, once nothing runs any more) record mainPhase, run the exit handler, then
 *   Running -> Succeeded | Failed | Error   (an exit handler failure fails a succeeded workflow)
 */
export function reconcile(view: RunView): void {
  if (view.run.phase !== 'Pending' && view.run.phase !== 'Running') return;
  checkDeadline(view);
  const spec = view.base.spec;
  const entry: Call = {
    view, nodeName: view.base.name, displayName: view.base.name, scope: LOCAL,
    invocation: { name: spec.entrypoint ?? '', template: spec.entrypoint, arguments: { parameters: Object.entries(view.run.parameters).map(([name, value]) => ({ name, value })) } },
  };
  const root = executeTemplate(entry);
  let mainPhase: WorkflowPhase;
  const stopping = view.run.shutdown !== undefined || view.run.deadlineExceeded === true;
  if (root && isFulfilled(root)) mainPhase = toWorkflowPhase(root.phase);
  else if (stopping && !hasActiveTasks(view)) mainPhase = 'Failed';
  else return;
  if (view.run.mainPhase !== mainPhase) view.run = { ...view.run, mainPhase };
  const exit = runExitHandler(view);
  if (!exit.done) return;
  const stopMessage = view.run.message;
  if (stopping) failOpenNodes(view, stopMessage ?? 'workflow stopped');
  let phase = mainPhase;
  let message = stopping ? stopMessage : (root?.message ?? view.run.message);
  if (exit.failed && phase === 'Succeeded') {
    phase = 'Failed';
    message = `exit handler failed: ${exit.failed}`;
  }
  view.run = { ...view.run, phase, finishedAt: view.nowIso, ...(message !== undefined ? { message } : {}) };
  view.emit({ type: 'finished', phase });
}
