import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { withBackend, withVerbFlags, type VerbFlags } from '../open-backend.js';

interface LogsFlags extends VerbFlags {
  task?: string;
  follow?: boolean;
  prefix?: boolean;
}

/** `keyflow logs NAME`: the task logs of a workflow, prefixed by task name; --follow streams them. */
export function registerLogs(program: Command, ctx: CliContext): void {
  withVerbFlags(program.command('logs').description('print the logs of a workflow\'s tasks').argument('<name>')
    .option('--task <name>', 'only this task (display name, node name or id)')
    .option('-f, --follow', 'keep streaming until the workflow finishes')
    .option('--no-prefix', 'do not prefix lines with the task name'))
    .action(async (name: string, flags: LogsFlags) => {
      await withBackend(flags, ctx, (backend) => backend.logs(flags.namespace ?? 'default', name, {
        ...(flags.task ? { task: flags.task } : {}), ...(flags.follow ? { follow: true } : {}),
      }, (task, line) => ctx.stdout(`${flags.prefix === false ? '' : `${task}: `}${line}\n`)));
    });
}
