import type { ApiClient } from './remote/index.js';
import { CliConnectError, CliRemoteError } from './cli-error.js';
import { diffRuns, fromArgoWorkflow } from './from-argo.js';
import { isUnfinished, type RunPatch, type RunState } from './backend.js';

/** Reconnects in a row without hearing anything before giving up (a proxy cutting idle streams is fine). */
const MAX_QUIET_RECONNECTS = 8;

/**
 * Follows one workflow on the server until it finishes, through the workflow-events SSE stream. The
 * stream is opened first and the workflow read after, so no change falls between the two; a stream
 * that ends or drops is reopened (and the workflow read again) with a growing pause.
 */
export async function followRemote(api: ApiClient, run: RunState, onUpdate: (state: RunState, patch: RunPatch) => void): Promise<RunState> {
  let current = run;
  let quiet = 0;
  const advance = (next: RunState): void => {
    const patch = diffRuns(current, next);
    const changed = patch.nodes.length > 0 || patch.deletedNodeIds.length > 0 || next.phase !== current.phase || next.message !== current.message;
    current = next;
    if (changed) onUpdate(next, patch);
  };
  while (isUnfinished(current)) {
    try {
      const events = await api.watch(run.namespace, { name: run.name });
      advance(fromArgoWorkflow(await api.getWorkflow(run.namespace, run.name), run.namespace));
      if (!isUnfinished(current)) break;
      for await (const event of events) {
        if (event.object.metadata.name !== run.name) continue;
        quiet = 0;
        if (event.type === 'DELETED') throw new CliRemoteError(`workflow '${run.name}' was deleted while it was being watched`, 404);
        advance(fromArgoWorkflow(event.object, run.namespace));
        if (!isUnfinished(current)) break;
      }
    } catch (err) {
      if (!(err instanceof CliConnectError)) throw err;
      if (quiet >= MAX_QUIET_RECONNECTS) throw err;
    }
    if (!isUnfinished(current)) break;
    quiet++;
    if (quiet > MAX_QUIET_RECONNECTS) throw new CliConnectError(`the event stream for workflow '${run.name}' kept closing without news; try 'keyflow watch ${run.name}' again`);
    await new Promise((r) => setTimeout(r, Math.min(500 * quiet, 5000)));
  }
  return current;
}
