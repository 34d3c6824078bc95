import { applyEvent } from './apply-event.js';
import { reconcile } from './reconcile.js';
import { RunView } from './run-view.js';
import type { EngineCommand, EngineContext, EngineEvent, RunState, StepResult } from './types.js';

/** Keeps only the earliest wakeAt: the controller needs one timer per run. */
function compact(commands: EngineCommand[]): EngineCommand[] {
  let wake: string | undefined;
  const out: EngineCommand[] = [];
  for (const c of commands) {
    if (c.type === 'wakeAt') wake = wake === undefined || c.at < wake ? c.at : wake;
    else out.push(c);
  }
  if (wake !== undefined) out.push({ type: 'wakeAt', at: wake });
  return out;
}

/**
 * The engine's one entry point: applies events to a run and reconciles it, returning what changed and
 * the commands to carry out. Pure: the state passed in is never mutated and the clock comes from ctx.
 * Throws EngineError only for a user action that does not apply (e.g. resuming a finished run).
 */
export function step(state: RunState, events: EngineEvent[], ctx: EngineContext): StepResult {
  const view = new RunView(state, ctx);
  for (const event of events) applyEvent(view, event);
  reconcile(view);
  return { patch: view.patch(), commands: compact(view.commands) };
}
