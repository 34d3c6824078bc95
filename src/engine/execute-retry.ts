import type { RetryStrategy } from '../spec/index.js';
import { evaluateExpression } from '../expr/index.js';
import { baseNodeFields, finishNode, mayStartNodes } from './call.js';
import { parseDuration } from './duration.js';
import { isFulfilled, isSuccessful } from './phases.js';
import { scopeKey } from './resolve-template.js';
import { Scope } from './scope.js';
import { render } from './render.js';
import type { Execution } from './execute-template.js';
import type { NodeStatus } from './types.js';

/**
 * Retry node state machine (Argo's Retry node):
 *   Running, no attempt        -> start attempt 0
 *   last attempt unfulfilled   -> advance it
 *   last attempt successful    -> Succeeded (outputs copied from the attempt)
 *   last attempt failed/error  -> retry allowed by limit, policy, expression and maxDuration?
 *                                 yes: wait out the backoff (wakeAt), then start attempt n+1
 *                                 no:  finish with the attempt's phase and message
 */
export function executeRetry(execution: Execution, body: (e: Execution) => NodeStatus | undefined): NodeStatus | undefined {
  const { call, resolved, inputs } = execution;
  const { view } = call;
  let node = view.byName(call.nodeName);
  if (!node) {
    node = view.create({ ...baseNodeFields(call, resolved.template.name, scopeKey(resolved.scope)), type: 'Retry', phase: 'Running', inputs: { parameters: inputs.parameters, artifacts: inputs.artifacts } });
  }
  const attempts = (node.children ?? []).map((id) => view.node(id)).filter((n): n is NodeStatus => n !== undefined);
  const last = attempts.at(-1);
  if (last && !isFulfilled(last)) {
    runAttempt(execution, node, attempts.length - 1, body);
    // The attempt may have finished during this pass; decide on it now rather than waiting for an event.
    if (!isFulfilled(view.node(last.id))) return view.node(node.id);
    return executeRetry(execution, body);
  }
  if (last && isSuccessful(last.phase)) {
    return finishNode(view, node, last.phase, last.message, { outputs: last.outputs });
  }
  if (last) {
    const strategy = resolved.retryStrategy ?? {};
    const verdict = retryVerdict(execution, strategy, attempts, last);
    if (verdict !== 'retry') return finishNode(view, node, last.phase, verdict ?? last.message, { outputs: last.outputs });
    const waitUntil = backoffUntil(strategy, attempts.length, last, call.nodeName);
    if (waitUntil && waitUntil > view.ctx.now.getTime()) {
      const at = new Date(waitUntil).toISOString();
      if (node.keyflow?.nextAttemptAt !== at) node = view.update(node, { keyflow: { ...node.keyflow, nextAttemptAt: at } });
      view.emit({ type: 'wakeAt', at });
      return node;
    }
  }
  if (!mayStartNodes(call)) return node;
  runAttempt(execution, node, attempts.length, body);
  return view.node(node.id);
}

function runAttempt(execution: Execution, retryNode: NodeStatus, index: number, body: (e: Execution) => NodeStatus | undefined): void {
  const { call } = execution;
  body({
    ...execution,
    call: { ...call, nodeName: `${call.nodeName}(${index})`, displayName: `${call.displayName}(${index})`, parentId: retryNode.id, retries: index },
  });
}

/** 'retry' when another attempt is allowed; otherwise undefined or a message explaining why not. */
function retryVerdict(execution: Execution, strategy: RetryStrategy, attempts: NodeStatus[], last: NodeStatus): 'retry' | string | undefined {
  const { call, inputs } = execution;
  const scope = new Scope({ view: call.view, inputs: inputs.parameters });
  if (strategy.limit !== undefined) {
    const limit = Number(render(String(strategy.limit), scope, `${call.nodeName}.retryStrategy.limit`));
    if (!Number.isInteger(limit) || limit < 0) return `retryStrategy.limit must be a non-negative integer, got ${JSON.stringify(strategy.limit)}`;
    if (attempts.length > limit) return undefined;
  }
  const policy = strategy.retryPolicy ?? 'OnFailure';
  const allowed = policy === 'Always'
    || (policy === 'OnFailure' && last.phase === 'Failed')
    || (policy === 'OnError' && last.phase === 'Error')
    || (policy === 'OnTransientError' && last.phase === 'Error' && last.keyflow?.transient === true);
  if (!allowed) return undefined;
  if (strategy.expression) {
    const lastRetry = {
      exitCode: last.outputs?.exitCode ?? '-1',
      status: last.phase,
      duration: String(Math.round(durationSeconds(last))),
      message: last.message ?? '',
    };
    // Argo substitutes {{...}} in the expression first, then evaluates it with lastRetry in scope.
    const text = render(strategy.expression, scope, `${call.nodeName}.retryStrategy.expression`);
    const ok = evaluateExpression(text, { ...scope.env(), lastRetry });
    if (ok !== true) return undefined;
  }
  const maxMs = strategy.backoff?.maxDuration !== undefined ? parseDuration(strategy.backoff.maxDuration, `${call.nodeName}.retryStrategy.backoff.maxDuration`) : undefined;
  const first = attempts[0]?.startedAt;
  if (maxMs !== undefined && first && call.view.ctx.now.getTime() - Date.parse(first) >= maxMs) {
    return `${last.message ?? last.phase}; retries stopped: backoff.maxDuration ${String(strategy.backoff?.maxDuration)} exceeded`;
  }
  return 'retry';
}

function durationSeconds(node: NodeStatus): number {
  if (!node.startedAt || !node.finishedAt) return 0;
  return Math.max(0, (Date.parse(node.finishedAt) - Date.parse(node.startedAt)) / 1000);
}

/** Argo's backoff: duration × factor^(attempt-1), capped by backoff.cap; counted from the last finish. */
function backoffUntil(strategy: RetryStrategy, attemptsSoFar: number, last: NodeStatus, where: string): number | undefined {
  const backoff = strategy.backoff;
  if (!backoff?.duration) return undefined;
  const base = parseDuration(backoff.duration, `${where}.retryStrategy.backoff.duration`);
  const factor = backoff.factor !== undefined ? Number(backoff.factor) : 1;
  let wait = base * Math.pow(Number.isFinite(factor) && factor > 0 ? factor : 1, Math.max(0, attemptsSoFar - 1));
  if (backoff.cap !== undefined) wait = Math.min(wait, parseDuration(backoff.cap, `${where}.retryStrategy.backoff.cap`));
  const from = last.finishedAt ? Date.parse(last.finishedAt) : 0;
  return from + wait;
}
