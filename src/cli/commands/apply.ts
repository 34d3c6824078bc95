import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { openEmbeddedStore, withEngineFlags, type EngineFlags } from '../embedded.js';
import { formatDiagnostic, loadManifests } from '../load-manifests.js';
import { applyToStore } from '../apply-manifests.js';

interface ApplyFlags extends EngineFlags {
  filename: string[];
}

/** `keyflow apply -f FILE`: stores WorkflowTemplates, ClusterWorkflowTemplates and CronWorkflows. */
export function registerApply(program: Command, ctx: CliContext): void {
  withEngineFlags(program.command('apply').description('create or update templates from manifest files')
    .requiredOption('-f, --filename <file...>', 'manifest files'))
    .action(async (flags: ApplyFlags) => {
      const loaded = loadManifests(flags.filename);
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        for (const d of errors) ctx.stderr(`${formatDiagnostic(d)}\n`);
        ctx.exitCode = 2;
        return;
      }
      const { store } = await openEmbeddedStore(flags);
      try {
        const skipped = loaded.manifests.filter((m) => !['WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow'].includes(m.manifest.kind));
        for (const m of skipped) ctx.stderr(`${m.file}: ${m.manifest.kind} skipped (use 'keyflow run' for workflows)\n`);
        for (const name of await applyToStore(store, loaded.manifests.map((m) => m.manifest), flags.namespace ?? 'default')) ctx.stdout(`${name} applied\n`);
      } finally {
        await store.close();
      }
    });
}
