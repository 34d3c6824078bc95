import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { withBackend, withVerbFlags, type VerbFlags } from '../open-backend.js';
import { summaryLines, treeLines } from '../render-tree.js';
import { printRuns } from '../print-runs.js';

interface GetFlags extends VerbFlags {
  output?: string;
}

/** `keyflow get NAME`: one workflow's status and node tree, or its Argo JSON/YAML. */
export function registerGet(program: Command, ctx: CliContext): void {
  withVerbFlags(program.command('get').description('show a workflow').argument('<name>')
    .option('-o, --output <format>', 'json | yaml | wide'))
    .action(async (name: string, flags: GetFlags) => {
      const state = await withBackend(flags, ctx, (backend) => backend.get(flags.namespace ?? 'default', name));
      if (flags.output === 'json' || flags.output === 'yaml') {
        printRuns(ctx, [state], flags.output);
        return;
      }
      ctx.stdout(`${[...summaryLines(state), '', ...treeLines(state, Date.now(), flags.output === 'wide')].join('\n')}\n`);
    });
}
