import { randomBytes } from 'node:crypto';
import { referencedTemplates, storedTemplateKey } from '../engine/index.js';
import type { ObjectMeta, WorkflowSpec } from '../spec/index.js';
import type { Store } from '../store/index.js';
import { ControllerError } from './errors.js';

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Argo-style generateName: the prefix plus 5 random characters, retried on a clash. */
export async function uniqueName(store: Store, namespace: string, meta: ObjectMeta): Promise<string> {
  if (meta.name) return meta.name;
  const prefix = meta.generateName ?? 'workflow-';
  for (let i = 0; i < 20; i++) {
    const bytes = randomBytes(5);
    const suffix = [...bytes].map((b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
    const name = `${prefix}${suffix}`;
    if (!(await store.getRun(namespace, name))) return name;
  }
  throw new ControllerError('ERR_CONTROLLER_UNSUPPORTED', `could not find a free name for generateName '${prefix}'`);
}

/**
 * Snapshots every stored (Cluster)WorkflowTemplate the workflow references, transitively, so a run
 * keeps executing the templates it was submitted with even if they change later.
 */
export async function loadStoredTemplates(store: Store, namespace: string, spec: WorkflowSpec): Promise<Record<string, WorkflowSpec>> {
  const out: Record<string, WorkflowSpec> = {};
  const queue = referencedTemplates(spec);
  while (queue.length > 0) {
    const ref = queue.shift();
    if (!ref) break;
    const key = storedTemplateKey(ref.kind, ref.name);
    if (out[key]) continue;
    const resource = await store.getResource(ref.kind, ref.kind === 'ClusterWorkflowTemplate' ? '' : namespace, ref.name);
    if (!resource) continue;
    const templateSpec = (resource.manifest as { spec?: WorkflowSpec }).spec ?? {};
    out[key] = templateSpec;
    queue.push(...referencedTemplates(templateSpec));
  }
  return out;
}
