import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { CliContext } from '../program.js';
import type { Workflow } from '../../spec/index.js';
import type { RunState } from '../../engine/index.js';
import { toArgoWorkflow } from '../../controller/index.js';
import { openEmbedded, withEngineFlags, type EngineFlags } from '../embedded.js';
import { formatDiagnostic, loadManifests } from '../load-manifests.js';
import { collectParam, parseParams } from '../parse-params.js';
import { applyToStore } from '../apply-manifests.js';
import { createWatchView } from '../watch-view.js';
import { CliError } from '../cli-error.js';

interface RunFlags extends EngineFlags {
  parameter?: string[];
  entrypoint?: string;
  output?: string;
}

/** Prints the final result in the requested format. */
export function printRuns(ctx: CliContext, states: RunState[], output: string | undefined): void {
  const objects = states.map(toArgoWorkflow);
  const value = objects.length === 1 ? objects[0] : objects;
  if (output === 'json') ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
  else if (output === 'yaml') ctx.stdout(stringify(value));
}

async function runFiles(ctx: CliContext, file: string, flags: RunFlags): Promise<void> {
  if (flags.output && !['json', 'yaml', 'wide'].includes(flags.output)) throw new CliError(`--output must be json, yaml or wide, not '${flags.output}'`);
  const params = parseParams(flags.parameter);
  const loaded = loadManifests([file]);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    for (const d of errors) ctx.stderr(`${formatDiagnostic(d)}\n`);
    ctx.exitCode = 2;
    return;
  }
  const workflows = loaded.manifests.filter((m) => m.manifest.kind === 'Workflow').map((m) => m.manifest as Workflow);
  if (workflows.length === 0) throw new CliError(`${file} holds no Workflow to run`);
  const engine = await openEmbedded(flags, { warn: ctx.stderr });
  try {
    await applyToStore(engine.store, loaded.manifests.filter((m) => m.manifest.kind !== 'Workflow').map((m) => m.manifest), flags.namespace ?? 'default');
    const machine = flags.output === 'json' || flags.output === 'yaml';
    const view = createWatchView(machine ? ctx.stderr : ctx.stdout, !machine && process.stdout.isTTY === true, flags.output === 'wide');
    const submitted: RunState[] = [];
    for (const wf of workflows) {
      submitted.push(await engine.controller.submit(wf, { namespace: flags.namespace, parameters: params, entrypoint: flags.entrypoint }));
    }
    const uids = new Set(submitted.map((s) => s.uid));
    for (const s of submitted) view.update(s, { run: s, nodes: Object.values(s.nodes), deletedNodeIds: [] });
    engine.controller.on('update', (state: RunState, patch) => { if (uids.has(state.uid)) view.update(state, patch); });
    const onSigint = (): void => {
      for (const s of submitted) void engine.controller.act(s.namespace, s.name, { type: 'stop', strategy: 'Terminate', message: 'interrupted' }).catch(() => undefined);
    };
    process.once('SIGINT', onSigint);
    const finals = await Promise.all(submitted.map((s) => engine.controller.waitFor(s.uid)));
    process.off('SIGINT', onSigint);
    for (const state of finals) view.finish(state);
    printRuns(ctx, finals, flags.output);
    ctx.exitCode = finals.every((s) => s.phase === 'Succeeded') ? 0 : 1;
  } finally {
    await engine.close();
  }
}

/** `keyflow run FILE`: submits to the embedded engine and watches until the workflow finishes. */
export function registerRun(program: Command, ctx: CliContext): void {
  withEngineFlags(program.command('run')
    .description('run a workflow file on the embedded engine and watch it to completion')
    .argument('<file>', 'workflow manifest (YAML or JSON; WorkflowTemplates in the same file are applied first)')
    .option('-p, --parameter <name=value>', 'set a workflow parameter (repeatable)', collectParam)
    .option('--entrypoint <template>', 'start at this template instead of spec.entrypoint')
    .option('-o, --output <format>', 'json | yaml (final Workflow object) | wide (more columns)'))
    .action(async (file: string, flags: RunFlags) => runFiles(ctx, file, flags));
}
