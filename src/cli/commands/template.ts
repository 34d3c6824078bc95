import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { CliContext } from '../program.js';
import { withBackend, withVerbFlags, type VerbFlags } from '../open-backend.js';
import { formatDiagnostic, loadManifests } from '../load-manifests.js';
import { alignColumns, formatDuration } from '../render-tree.js';
import { CliError } from '../cli-error.js';
import type { Manifest, TemplateScope } from '../backend.js';

interface TemplateFlags extends VerbFlags {
  cluster?: boolean;
  output?: string;
  filename?: string[];
}

function scopeOf(flags: TemplateFlags): TemplateScope {
  return { cluster: flags.cluster === true, namespace: flags.namespace ?? 'default' };
}

function printObject(ctx: CliContext, value: unknown, output: string | undefined): void {
  if (output === 'json') ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
  else ctx.stdout(stringify(value));
}

function printList(ctx: CliContext, items: Manifest[], flags: TemplateFlags): void {
  if (flags.output === 'name') {
    for (const t of items) ctx.stdout(`${t.metadata.name ?? ''}\n`);
  } else if (flags.output === 'json' || flags.output === 'yaml') {
    printObject(ctx, items, flags.output);
  } else {
    const now = Date.now();
    const header = flags.cluster ? 'NAME\tAGE' : 'NAMESPACE\tNAME\tAGE';
    const rows = items.map((t) => {
      const created = t.metadata.creationTimestamp;
      const age = created ? formatDuration(now - Date.parse(created)) : '';
      return flags.cluster ? `${t.metadata.name ?? ''}\t${age}` : `${t.metadata.namespace ?? ''}\t${t.metadata.name ?? ''}\t${age}`;
    });
    ctx.stdout(`${alignColumns([header, ...rows]).join('\n')}\n`);
  }
}

async function createFromFiles(ctx: CliContext, flags: TemplateFlags): Promise<void> {
  const loaded = loadManifests(flags.filename ?? []);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    for (const d of errors) ctx.stderr(`${formatDiagnostic(d)}\n`);
    ctx.exitCode = 2;
    return;
  }
  const wanted = flags.cluster ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
  const wrong = loaded.manifests.find((m) => m.manifest.kind !== wanted);
  if (wrong) throw new CliError(`${wrong.file}: ${wrong.manifest.kind} is not a ${wanted}${flags.cluster ? '' : ' (use --cluster for ClusterWorkflowTemplates)'}`);
  if (loaded.manifests.length === 0) throw new CliError(`no ${wanted} in ${(flags.filename ?? []).join(', ')}`);
  await withBackend(flags, ctx, async (backend) => {
    for (const { manifest } of loaded.manifests) {
      await backend.createTemplate(scopeOf(flags), manifest);
      ctx.stdout(`${wanted.toLowerCase()}/${manifest.metadata.name ?? ''} created\n`);
    }
  });
}

function withScope(cmd: Command): Command {
  return withVerbFlags(cmd.option('--cluster', 'ClusterWorkflowTemplates instead of the namespace\'s WorkflowTemplates'));
}

/** `keyflow template list|get|create|delete`: WorkflowTemplates (ClusterWorkflowTemplates with --cluster). */
export function registerTemplate(program: Command, ctx: CliContext): void {
  const template = program.command('template').description('manage WorkflowTemplates (--cluster: ClusterWorkflowTemplates)');
  withScope(template.command('list').description('list templates').option('-o, --output <format>', 'name | json | yaml'))
    .action(async (flags: TemplateFlags) => {
      const items = await withBackend(flags, ctx, (backend) => backend.listTemplates(scopeOf(flags)));
      printList(ctx, items, flags);
    });
  withScope(template.command('get').description('print a template').argument('<name>').option('-o, --output <format>', 'yaml (default) | json'))
    .action(async (name: string, flags: TemplateFlags) => {
      if (flags.output && !['json', 'yaml'].includes(flags.output)) throw new CliError(`--output must be json or yaml, not '${flags.output}'`);
      printObject(ctx, await withBackend(flags, ctx, (backend) => backend.getTemplate(scopeOf(flags), name)), flags.output);
    });
  withScope(template.command('create').description('create templates from manifest files (fails if one exists; apply replaces)')
    .requiredOption('-f, --filename <file...>', 'manifest files'))
    .action(async (flags: TemplateFlags) => createFromFiles(ctx, flags));
  withScope(template.command('delete').description('delete templates').argument('<names...>'))
    .action(async (names: string[], flags: TemplateFlags) => {
      await withBackend(flags, ctx, async (backend) => {
        for (const name of names) {
          await backend.deleteTemplate(scopeOf(flags), name);
          ctx.stdout(`${flags.cluster ? 'clusterworkflowtemplate' : 'workflowtemplate'}/${name} deleted\n`);
        }
      });
    });
}
