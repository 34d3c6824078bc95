import type { ApiClient, WatchEvent } from './remote/index.js';
import { CliConnectError, CliRemoteError } from './cli-error.js';
import { diffRuns, fromArgoWorkflow } from './from-argo.js';
import { isUnfinished, type RunPatch, type RunState } from './backend.js';

/** Reconnects in a row without hearing anything before giving up (a proxy cutting idle streams is fine). */
const MAX_QUIET_RECONNECTS = 8;
/** With no event for this long the workflow is read directly: a lost event must not hang the CLI. */
export const QUIET_READ_MS = 10_000;

type Next = IteratorResult<WatchEvent> | 'quiet';

/**
 * Follows one workflow on the server until it finishes, through the workflow-events SSE stream. The
 * stream is opened first and the workflow read after, so no change falls between the two; a quiet
 * stream is backed by a direct read every QUIET_READ_MS, and a stream that ends or drops is reopened
 * (and the workflow read again) with a growing pause.
 */
export async function followRemote(api: ApiClient, run: RunState, onUpdate: (state: RunState, patch: RunPatch) => void, quietMs = QUIET_READ_MS): Promise<RunState> {
  let current = run;
  let quiet = 0;
  const advance = (next: RunState): void => {
    const patch = diffRuns(current, next);
    const changed = patch.nodes.length > 0 || patch.deletedNodeIds.length > 0 || next.phase !== current.phase || next.message !== current.message;
    current = next;
    if (changed) onUpdate(next, patch);
  };
  const read = async (): Promise<void> => advance(fromArgoWorkflow(await api.getWorkflow(run.namespace, run.name), run.namespace));
  while (isUnfinished(current)) {
    const abort = new AbortController();
    let pending: Promise<IteratorResult<WatchEvent>> | undefined;
    try {
      const events = await api.watch(run.namespace, { name: run.name, signal: abort.signal });
      await read();
      while (isUnfinished(current)) {
        pending ??= events.next();
        let timer: NodeJS.Timeout | undefined;
        const next: Next = await Promise.race([pending, new Promise<'quiet'>((r) => { timer = setTimeout(() => r('quiet'), quietMs); })]);
        clearTimeout(timer);
        if (next === 'quiet') {
          await read();
          continue;
        }
        pending = undefined;
        if (next.done) break;
        quiet = 0;
        if (next.value.object.metadata.name !== run.name) continue;
        if (next.value.type === 'DELETED') throw new CliRemoteError(`workflow '${run.name}' was deleted while it was being watched`, 404);
        advance(fromArgoWorkflow(next.value.object, run.namespace));
      }
    } catch (err) {
      if (!(err instanceof CliConnectError) || quiet >= MAX_QUIET_RECONNECTS) throw err;
    } finally {
      // Closes the stream; the read still waiting on it ends with an abort nobody needs to hear.
      pending?.catch(() => undefined);
      abort.abort();
    }
    if (!isUnfinished(current)) break;
    quiet++;
    if (quiet > MAX_QUIET_RECONNECTS) throw new CliConnectError(`the event stream for workflow '${run.name}' kept closing without news; try 'keyflow watch ${run.name}' again`);
    await new Promise((r) => setTimeout(r, Math.min(500 * quiet, 5000)));
  }
  return current;
}
