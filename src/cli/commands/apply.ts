import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { withBackend, withVerbFlags, type VerbFlags } from '../open-backend.js';
import { formatDiagnostic, loadManifests } from '../load-manifests.js';

interface ApplyFlags extends VerbFlags {
  filename: string[];
}

/**
 * `keyflow apply -f FILE`: creates or replaces the manifests' resources. Embedded: WorkflowTemplates,
 * ClusterWorkflowTemplates and CronWorkflows go to the store. On a server: (Cluster)WorkflowTemplates;
 * other kinds are reported as not supported by the server yet (exit 1) while the rest is applied.
 */
export function registerApply(program: Command, ctx: CliContext): void {
  withVerbFlags(program.command('apply').description('create or update templates from manifest files')
    .requiredOption('-f, --filename <file...>', 'manifest files'))
    .action(async (flags: ApplyFlags) => {
      const loaded = loadManifests(flags.filename);
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        for (const d of errors) ctx.stderr(`${formatDiagnostic(d)}\n`);
        ctx.exitCode = 2;
        return;
      }
      const outcomes = await withBackend(flags, ctx, (backend) => backend.apply(loaded.manifests, flags.namespace ?? 'default'));
      for (const o of outcomes) {
        if (o.status === 'applied') ctx.stdout(`${o.what} applied\n`);
        else if (o.status === 'skipped') ctx.stderr(`${o.file}: ${o.what} skipped (${o.reason})\n`);
        else ctx.stderr(`${o.file}: ${o.what}: ${o.reason}\n`);
      }
      if (outcomes.some((o) => o.status === 'failed')) ctx.exitCode = 1;
    });
}
