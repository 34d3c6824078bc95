import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { withBackend, withVerbFlags, type VerbFlags } from '../open-backend.js';
import { watchRuns } from '../watch-runs.js';

/** `keyflow retry NAME`: re-runs a failed workflow from where it failed and watches it. */
export function registerRetry(program: Command, ctx: CliContext): void {
  withVerbFlags(program.command('retry').description('retry a Failed or Error workflow from its failed tasks').argument('<name>'))
    .action(async (name: string, flags: VerbFlags) => {
      await withBackend(flags, ctx, async (backend) => {
        const state = await backend.retry(flags.namespace ?? 'default', name);
        ctx.exitCode = await watchRuns(ctx, backend, [state], { drawInitial: false });
      });
    });
}
