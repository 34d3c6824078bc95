import { completePod, markPodRunning } from './complete-pod.js';
import { EngineError } from './errors.js';
import { resumeRun } from './resume.js';
import { killActiveTasks } from './shutdown.js';
import type { RunView } from './run-view.js';
import type { EngineEvent } from './types.js';

function assertActive(view: RunView, action: string): void {
  if (view.run.phase !== 'Pending' && view.run.phase !== 'Running') {
    throw new EngineError('ERR_ENGINE_INVALID_TRANSITION', `cannot ${action} workflow '${view.base.name}': it has already ${view.run.phase === 'Succeeded' ? 'succeeded' : 'finished'} (phase ${view.run.phase})`);
  }
}

/** Applies one event to the view; the reconcile pass that follows advances the workflow. */
export function applyEvent(view: RunView, event: EngineEvent): void {
  switch (event.type) {
    case 'tick':
      return;
    case 'taskStarted':
      return markPodRunning(view, event.nodeId, event.at);
    case 'taskResult':
      return completePod(view, event.nodeId, event.result);
    case 'resume':
      assertActive(view, 'resume');
      return resumeRun(view, event.nodeName, event.outputs ?? {});
    case 'suspend':
      assertActive(view, 'suspend');
      view.run = { ...view.run, suspended: true };
      return;
    case 'stop': {
      assertActive(view, event.strategy === 'Stop' ? 'stop' : 'terminate');
      const message = event.message ?? `Stopped with strategy '${event.strategy}'`;
      view.run = { ...view.run, shutdown: event.strategy, message };
      killActiveTasks(view, message);
      return;
    }
  }
}
