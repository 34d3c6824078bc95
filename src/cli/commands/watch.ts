import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import type { RunState } from '../../engine/index.js';
import { openEmbedded, withEngineFlags, type EngineFlags } from '../embedded.js';
import { createWatchView } from '../watch-view.js';
import { printRuns } from './run.js';

interface WatchFlags extends EngineFlags {
  output?: string;
}

/**
 * `keyflow watch NAME`: follows a workflow until it finishes. In embedded mode this process also
 * becomes the engine for any unfinished workflow whose previous engine died (crash recovery).
 */
export function registerWatch(program: Command, ctx: CliContext): void {
  withEngineFlags(program.command('watch').description('watch a workflow until it finishes (and drive it if its engine is gone)').argument('<name>')
    .option('-o, --output <format>', 'json | yaml | wide'))
    .action(async (name: string, flags: WatchFlags) => {
      const engine = await openEmbedded(flags, { warn: ctx.stderr });
      try {
        const machine = flags.output === 'json' || flags.output === 'yaml';
        const view = createWatchView(machine ? ctx.stderr : ctx.stdout, !machine && process.stdout.isTTY === true, flags.output === 'wide');
        const state = await engine.controller.get(flags.namespace ?? 'default', name);
        view.update(state, { run: state, nodes: Object.values(state.nodes), deletedNodeIds: [] });
        engine.controller.on('update', (s: RunState, patch) => { if (s.uid === state.uid) view.update(s, patch); });
        let final = await engine.controller.waitFor(state.uid);
        while (final.phase === 'Running' || final.phase === 'Pending') {
          // Driven by another live process: follow it through the store.
          await new Promise((r) => setTimeout(r, 500));
          final = await engine.controller.get(final.namespace, final.name);
        }
        view.finish(final);
        printRuns(ctx, [final], flags.output);
        ctx.exitCode = final.phase === 'Succeeded' ? 0 : 1;
      } finally {
        await engine.close();
      }
    });
}
