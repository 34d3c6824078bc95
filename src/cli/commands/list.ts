import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { withBackend, withVerbFlags, type VerbFlags } from '../open-backend.js';
import { alignColumns, formatDuration } from '../render-tree.js';
import { CliError } from '../cli-error.js';

interface ListFlags extends VerbFlags {
  status?: string;
  output?: string;
  allNamespaces?: boolean;
}

const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error'];

/** `keyflow list`: workflows newest first (like `argo list`), from the embedded store or a server. */
export function registerList(program: Command, ctx: CliContext): void {
  withVerbFlags(program.command('list').description('list workflows')
    .option('--status <phases>', 'only these phases, comma separated (Running,Failed,...)')
    .option('-A, --all-namespaces', 'every namespace')
    .option('-o, --output <format>', 'json | name'))
    .action(async (flags: ListFlags) => {
      const phases = flags.status?.split(',').map((p) => p.trim()).filter(Boolean);
      const bad = phases?.find((p) => !PHASES.includes(p));
      if (bad) throw new CliError(`unknown status '${bad}': use ${PHASES.join(', ')}`);
      const runs = await withBackend(flags, ctx, (backend) => backend.list({
        ...(flags.allNamespaces ? {} : { namespace: flags.namespace ?? 'default' }), ...(phases ? { phases } : {}),
      }));
      if (flags.output === 'json') {
        ctx.stdout(`${JSON.stringify(runs, null, 2)}\n`);
        return;
      }
      if (flags.output === 'name') {
        for (const r of runs) ctx.stdout(`${r.name}\n`);
        return;
      }
      const now = Date.now();
      const rows = ['NAMESPACE\tNAME\tSTATUS\tAGE\tDURATION', ...runs.map((r) => {
        const age = r.createdAt ? formatDuration(now - Date.parse(r.createdAt)) : '';
        const dur = r.startedAt ? formatDuration((r.finishedAt ? Date.parse(r.finishedAt) : now) - Date.parse(r.startedAt)) : '';
        return `${r.namespace}\t${r.name}\t${r.phase}\t${age}\t${dur}`;
      })];
      ctx.stdout(`${alignColumns(rows).join('\n')}\n`);
    });
}
