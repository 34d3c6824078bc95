import { finishNode } from './call.js';
import { isFulfilled } from './phases.js';
import type { RunView } from './run-view.js';

/** Asks the executor to kill every running task, recording why (becomes each node's message). */
export function killActiveTasks(view: RunView, reason: string): void {
  for (const id of view.allIds()) {
    const node = view.node(id);
    if (!node || isFulfilled(node)) continue;
    if (node.type === 'Pod') {
      view.update(node, { keyflow: { ...node.keyflow, killReason: reason } });
      view.emit({ type: 'killTask', nodeId: id, reason });
    } else if (node.type === 'Suspend') {
      finishNode(view, node, 'Failed', reason);
    }
  }
}

/** True when no task process is pending or running. */
export function hasActiveTasks(view: RunView): boolean {
  return view.allIds().some((id) => {
    const n = view.node(id);
    return n?.type === 'Pod' && (n.phase === 'Pending' || n.phase === 'Running');
  });
}

/** Fails every node still open once a stopped or timed-out workflow has nothing left running. */
export function failOpenNodes(view: RunView, message: string): void {
  for (const id of view.allIds()) {
    const node = view.node(id);
    if (node && !isFulfilled(node)) finishNode(view, node, 'Failed', message);
  }
}
