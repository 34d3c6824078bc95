import type { Store, StoredResource } from '../store/index.js';
import { describeTemplate, type Manifest, type TemplateScope } from './backend.js';
import { CliError, KeyflowError } from './cli-error.js';

function kindOf(scope: TemplateScope): 'WorkflowTemplate' | 'ClusterWorkflowTemplate' {
  return scope.cluster ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
}

/** Cluster-scoped kinds are stored with namespace ''. */
function nsOf(scope: TemplateScope): string {
  return scope.cluster ? '' : scope.namespace;
}

function toManifest(r: StoredResource): Manifest {
  const m = r.manifest as unknown as Manifest;
  return { ...m, metadata: { ...m.metadata, ...(r.namespace ? { namespace: r.namespace } : {}), uid: r.uid, creationTimestamp: m.metadata.creationTimestamp ?? r.createdAt, resourceVersion: String(r.resourceVersion) } };
}

/** Stored templates of one scope, by name. */
export async function listStoredTemplates(store: Store, scope: TemplateScope): Promise<Manifest[]> {
  const rows = await store.listResources({ kind: kindOf(scope), namespace: nsOf(scope) });
  return rows.map(toManifest).sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

/** One stored template; a usage error naming it when there is none. */
export async function getStoredTemplate(store: Store, scope: TemplateScope, name: string): Promise<Manifest> {
  const row = await store.getResource(kindOf(scope), nsOf(scope), name);
  if (!row) throw new CliError(`${describeTemplate(scope, name)} not found`);
  return toManifest(row);
}

/** Creates a template; an existing one of that name is left alone and reported. */
export async function createStoredTemplate(store: Store, scope: TemplateScope, manifest: Manifest): Promise<void> {
  const name = manifest.metadata.name;
  if (!name) throw new CliError(`${manifest.kind} needs metadata.name to be created`);
  if (await store.getResource(kindOf(scope), nsOf(scope), name)) {
    throw new KeyflowError('ERR_STORE_ALREADY_EXISTS', `${describeTemplate(scope, name)} already exists (use 'keyflow apply -f' to replace it)`);
  }
  const metadata = { ...manifest.metadata, ...(scope.cluster ? {} : { namespace: scope.namespace }) };
  await store.putResource({ kind: kindOf(scope), namespace: nsOf(scope), name, manifest: { ...manifest, metadata } as unknown as Record<string, unknown> });
}

/** Deletes a template; a usage error naming it when there is none. */
export async function deleteStoredTemplate(store: Store, scope: TemplateScope, name: string): Promise<void> {
  if (!(await store.deleteResource(kindOf(scope), nsOf(scope), name))) throw new CliError(`${describeTemplate(scope, name)} not found`);
}
