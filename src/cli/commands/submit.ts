import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { withBackend, withVerbFlags, type VerbFlags } from '../open-backend.js';
import { formatDiagnostic, loadManifests } from '../load-manifests.js';
import { collectParam, parseParams } from '../parse-params.js';
import { checkWatchOutput, watchRuns } from '../watch-runs.js';
import { printRuns } from '../print-runs.js';
import { summaryLines } from '../render-tree.js';
import { CliError } from '../cli-error.js';
import type { Backend, RunState, SubmitFromRequest, SubmitRequest, Workflow } from '../backend.js';

export interface SubmitFlags extends VerbFlags {
  parameter?: string[];
  entrypoint?: string;
  output?: string;
  watch?: boolean;
  from?: string;
}

const FROM_KINDS: Record<string, SubmitFromRequest['kind']> = {
  workflowtemplate: 'WorkflowTemplate', wftmpl: 'WorkflowTemplate',
  clusterworkflowtemplate: 'ClusterWorkflowTemplate', cwft: 'ClusterWorkflowTemplate',
};

/**
 * Reads and lints a workflow file for submission. Lint errors are printed and undefined returned (the
 * caller exits 2); a file without a Workflow is a usage error.
 */
export function readSubmission(ctx: CliContext, file: string, flags: SubmitFlags): Omit<SubmitRequest, 'namespace'> | undefined {
  const parameters = parseParams(flags.parameter);
  const loaded = loadManifests([file]);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    for (const d of errors) ctx.stderr(`${formatDiagnostic(d)}\n`);
    return undefined;
  }
  const workflows = loaded.manifests.filter((m) => m.manifest.kind === 'Workflow').map((m) => m.manifest as Workflow);
  if (workflows.length === 0) throw new CliError(`${file} holds no Workflow to run`);
  const templates = loaded.manifests.filter((m) => m.manifest.kind !== 'Workflow').map((m) => m.manifest);
  return { workflows, templates, parameters, ...(flags.entrypoint ? { entrypoint: flags.entrypoint } : {}) };
}

function parseFrom(from: string, flags: SubmitFlags, namespace: string): SubmitFromRequest {
  const slash = from.indexOf('/');
  const kind = FROM_KINDS[from.slice(0, slash).toLowerCase()];
  const name = from.slice(slash + 1);
  if (slash <= 0 || !kind || !name) throw new CliError(`--from must be workflowtemplate/NAME or clusterworkflowtemplate/NAME, not '${from}'`);
  return { kind, name, namespace, parameters: parseParams(flags.parameter), ...(flags.entrypoint ? { entrypoint: flags.entrypoint } : {}) };
}

function printSubmitted(ctx: CliContext, states: RunState[], output: string | undefined): void {
  if (output === 'name') for (const s of states) ctx.stdout(`${s.name}\n`);
  else if (output === 'json' || output === 'yaml') printRuns(ctx, states, output);
  else ctx.stdout(`${states.map((s) => summaryLines(s).join('\n')).join('\n\n')}\n`);
}

async function submit(ctx: CliContext, file: string | undefined, flags: SubmitFlags): Promise<void> {
  checkWatchOutput(flags.output, flags.watch ? ['json', 'yaml', 'wide'] : ['json', 'yaml', 'name', 'wide']);
  if (file && flags.from) throw new CliError('give either a FILE or --from, not both');
  if (!file && !flags.from) throw new CliError('give a workflow FILE, or --from workflowtemplate/NAME');
  const namespace = flags.namespace ?? 'default';
  const submission = file ? readSubmission(ctx, file, flags) : undefined;
  if (file && !submission) {
    ctx.exitCode = 2;
    return;
  }
  await withBackend(flags, ctx, async (backend: Backend) => {
    if (backend.mode === 'embedded' && !flags.watch) {
      throw new CliError("the embedded engine runs workflows inside this command: add --watch (or use 'keyflow run'), or submit to a server with --server / $KEYFLOW_SERVER");
    }
    const states = submission ? await backend.submit({ ...submission, namespace }) : [await backend.submitFrom(parseFrom(flags.from ?? '', flags, namespace))];
    if (!flags.watch) {
      printSubmitted(ctx, states, flags.output);
      return;
    }
    ctx.exitCode = await watchRuns(ctx, backend, states, { ...(flags.output ? { output: flags.output } : {}), terminateOnInterrupt: backend.mode === 'embedded' });
  });
}

/** `keyflow submit FILE`: creates workflows (on a server: returns at once; --watch follows them to the end). */
export function registerSubmit(program: Command, ctx: CliContext): void {
  withVerbFlags(program.command('submit')
    .description('submit a workflow file (or a workflow from a stored template) and optionally watch it')
    .argument('[file]', 'workflow manifest (YAML or JSON; WorkflowTemplates in the same file are applied first)')
    .option('--from <kind/name>', 'submit from a stored template: workflowtemplate/NAME or clusterworkflowtemplate/NAME')
    .option('-p, --parameter <name=value>', 'set a workflow parameter (repeatable)', collectParam)
    .option('--entrypoint <template>', 'start at this template instead of spec.entrypoint')
    .option('-w, --watch', 'follow the workflow until it finishes (exit 0 only if it Succeeded)')
    .option('-o, --output <format>', 'json | yaml (the Workflow object) | name | wide (with --watch: more columns)'))
    .action(async (file: string | undefined, flags: SubmitFlags) => submit(ctx, file, flags));
}
