import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { withBackend, withVerbFlags } from '../open-backend.js';
import { collectParam } from '../parse-params.js';
import { checkWatchOutput, watchRuns } from '../watch-runs.js';
import { readSubmission, type SubmitFlags } from './submit.js';

async function runFile(ctx: CliContext, file: string, flags: SubmitFlags): Promise<void> {
  checkWatchOutput(flags.output, ['json', 'yaml', 'wide']);
  const submission = readSubmission(ctx, file, flags);
  if (!submission) {
    ctx.exitCode = 2;
    return;
  }
  await withBackend(flags, ctx, async (backend) => {
    const states = await backend.submit({ ...submission, namespace: flags.namespace ?? 'default' });
    // Embedded, this process is the workflow's engine: Ctrl-C terminates it rather than orphaning it.
    ctx.exitCode = await watchRuns(ctx, backend, states, { ...(flags.output ? { output: flags.output } : {}), terminateOnInterrupt: backend.mode === 'embedded' });
  });
}

/** `keyflow run FILE`: submits and watches until the workflow finishes (`submit --watch`). */
export function registerRun(program: Command, ctx: CliContext): void {
  withVerbFlags(program.command('run')
    .description('run a workflow file and watch it to completion (embedded engine, or a server with --server)')
    .argument('<file>', 'workflow manifest (YAML or JSON; WorkflowTemplates in the same file are applied first)')
    .option('-p, --parameter <name=value>', 'set a workflow parameter (repeatable)', collectParam)
    .option('--entrypoint <template>', 'start at this template instead of spec.entrypoint')
    .option('-o, --output <format>', 'json | yaml (final Workflow object) | wide (more columns)'))
    .action(async (file: string, flags: SubmitFlags) => runFile(ctx, file, flags));
}
