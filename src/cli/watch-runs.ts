import type { CliContext } from './program.js';
import type { Backend, RunState } from './backend.js';
import { createWatchView } from './watch-view.js';
import { printRuns } from './print-runs.js';
import { CliError } from './cli-error.js';

export interface WatchRunsOptions {
  /** json | yaml print the final Workflow objects (the live view then goes to stderr); wide adds columns. */
  output?: string;
  /** Draw the runs as they are now before the first change (retry does not: its first change follows at once). */
  drawInitial?: boolean;
  terminateOnInterrupt?: boolean;
}

/** Rejects an --output value the watching verbs do not know. */
export function checkWatchOutput(output: string | undefined, allowed: string[]): void {
  if (output && !allowed.includes(output)) throw new CliError(`--output must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1) ?? ''}, not '${output}'`);
}

/**
 * The live tree view of runs until they finish (embedded or remote alike), then the final objects in
 * the requested format. Returns the exit code: 0 when every run Succeeded, else 1.
 */
export async function watchRuns(ctx: CliContext, backend: Backend, runs: RunState[], opts: WatchRunsOptions): Promise<number> {
  const machine = opts.output === 'json' || opts.output === 'yaml';
  const view = createWatchView(machine ? ctx.stderr : ctx.stdout, !machine && process.stdout.isTTY === true, opts.output === 'wide');
  if (opts.drawInitial !== false) {
    for (const s of runs) view.update(s, { run: s, nodes: Object.values(s.nodes), deletedNodeIds: [] });
  }
  const finals = await backend.follow(runs, {
    onUpdate: (state, patch) => view.update(state, patch),
    ...(opts.terminateOnInterrupt ? { terminateOnInterrupt: true } : {}),
  });
  for (const state of finals) view.finish(state);
  printRuns(ctx, finals, opts.output);
  return finals.every((s) => s.phase === 'Succeeded') ? 0 : 1;
}
