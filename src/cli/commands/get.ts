import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { fromStored } from '../../controller/index.js';
import { openEmbeddedStore, withEngineFlags, type EngineFlags } from '../embedded.js';
import { summaryLines, treeLines } from '../render-tree.js';
import { printRuns } from './run.js';
import { CliError } from '../cli-error.js';

interface GetFlags extends EngineFlags {
  output?: string;
}

/** `keyflow get NAME`: one workflow's status and node tree, or its Argo JSON/YAML. */
export function registerGet(program: Command, ctx: CliContext): void {
  withEngineFlags(program.command('get').description('show a workflow').argument('<name>')
    .option('-o, --output <format>', 'json | yaml | wide'))
    .action(async (name: string, flags: GetFlags) => {
      const { store } = await openEmbeddedStore(flags);
      try {
        const ns = flags.namespace ?? 'default';
        const run = await store.getRun(ns, name);
        if (!run) throw new CliError(`workflow '${name}' not found in namespace '${ns}'`);
        const { state } = fromStored(run, await store.listNodes(run.uid));
        if (flags.output === 'json' || flags.output === 'yaml') {
          printRuns(ctx, [state], flags.output);
          return;
        }
        ctx.stdout(`${[...summaryLines(state), '', ...treeLines(state, Date.now(), flags.output === 'wide')].join('\n')}\n`);
      } finally {
        await store.close();
      }
    });
}
