import type { NodePhase, NodeStatus } from './types.js';

/** A node is fulfilled when it will not change any more (Argo's Fulfilled). */
export function isFulfilled(node: NodeStatus | undefined): boolean {
  if (!node) return false;
  const p = node.phase;
  return p === 'Succeeded' || p === 'Failed' || p === 'Error' || p === 'Skipped' || p === 'Omitted';
}

/** Completed = fulfilled by running (not skipped or omitted). */
export function isCompleted(phase: NodePhase): boolean {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
}

export function isFailedOrError(phase: NodePhase): boolean {
  return phase === 'Failed' || phase === 'Error';
}

/** Successful as a parent sees it: succeeded, skipped or omitted. */
export function isSuccessful(phase: NodePhase): boolean {
  return phase === 'Succeeded' || phase === 'Skipped' || phase === 'Omitted';
}
