import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { withBackend, withVerbFlags, type VerbFlags } from '../open-backend.js';
import { watchRuns } from '../watch-runs.js';

interface WatchFlags extends VerbFlags {
  output?: string;
}

/**
 * `keyflow watch NAME`: follows a workflow until it finishes. In embedded mode this process also
 * becomes the engine for any unfinished workflow whose previous engine died (crash recovery); against a
 * server it follows the workflow-events stream.
 */
export function registerWatch(program: Command, ctx: CliContext): void {
  withVerbFlags(program.command('watch').description('watch a workflow until it finishes (and drive it if its engine is gone)').argument('<name>')
    .option('-o, --output <format>', 'json | yaml | wide'))
    .action(async (name: string, flags: WatchFlags) => {
      await withBackend(flags, ctx, async (backend) => {
        const state = await backend.get(flags.namespace ?? 'default', name);
        ctx.exitCode = await watchRuns(ctx, backend, [state], flags.output ? { output: flags.output } : {});
      });
    });
}
