import type { Manifest } from '../spec/index.js';
import type { Store } from '../store/index.js';
import { CliError } from './cli-error.js';

const CLUSTER_KINDS = new Set(['ClusterWorkflowTemplate', 'ClusterRole', 'ClusterRoleBinding', 'Pool', 'Scope', 'Namespace']);
/** Kinds the embedded store keeps (`apply` skips the rest). */
export const STORABLE_KINDS: ReadonlySet<string> = new Set(['WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow']);

/** Stores templates and other non-Workflow manifests (create or replace); returns what was applied. */
export async function applyToStore(store: Store, manifests: Manifest[], namespace: string): Promise<string[]> {
  const applied: string[] = [];
  for (const m of manifests) {
    if (!STORABLE_KINDS.has(m.kind)) continue;
    const name = m.metadata.name;
    if (!name) throw new CliError(`${m.kind} needs metadata.name to be applied (generateName is only for workflows)`);
    const ns = CLUSTER_KINDS.has(m.kind) ? '' : m.metadata.namespace ?? namespace;
    await store.putResource({ kind: m.kind, namespace: ns, name, manifest: m as unknown as Record<string, unknown> });
    applied.push(`${m.kind.toLowerCase()}/${name}`);
  }
  return applied;
}
