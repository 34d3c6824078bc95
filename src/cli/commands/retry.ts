import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { openEmbedded, withEngineFlags, type EngineFlags } from '../embedded.js';
import { createWatchView } from '../watch-view.js';
import type { RunState } from '../../engine/index.js';

/** `keyflow retry NAME`: re-runs a failed workflow from where it failed and watches it. */
export function registerRetry(program: Command, ctx: CliContext): void {
  withEngineFlags(program.command('retry').description('retry a Failed or Error workflow from its failed tasks').argument('<name>'))
    .action(async (name: string, flags: EngineFlags) => {
      const engine = await openEmbedded(flags, { warn: ctx.stderr });
      try {
        const view = createWatchView(ctx.stdout, process.stdout.isTTY === true, false);
        const state = await engine.controller.retry(flags.namespace ?? 'default', name);
        engine.controller.on('update', (s: RunState, patch) => { if (s.uid === state.uid) view.update(s, patch); });
        const final = await engine.controller.waitFor(state.uid);
        view.finish(final);
        ctx.exitCode = final.phase === 'Succeeded' ? 0 : 1;
      } finally {
        await engine.close();
      }
    });
}
