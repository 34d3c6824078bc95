/**
 * The envelope every access manifest shares: apiVersion `keyflow.dev/v1`, a kind, and metadata with a
 * name, plus a namespace exactly when the kind is namespaced.
 */
import { clip } from './action-catalog.js';
import { field, isRecord, readLabelName, readObjectName, type Problems } from './read-fields.js';

export const ACCESS_API_VERSION = 'keyflow.dev/v1';

export interface Envelope {
  name: string;
  namespace?: string;
  spec: Record<string, unknown>;
  /** `Kind name` or `Kind namespace/name`, for messages. */
  label: string;
}

/** Reads apiVersion, kind, metadata and spec; `namespaced` says whether metadata.namespace is required. */
export function readEnvelope(manifest: unknown, kind: string, namespaced: boolean, problems: Problems): Envelope {
  if (!isRecord(manifest)) {
    problems.push('manifest: must be a mapping');
    return { name: '', spec: {}, label: kind };
  }
  const apiVersion = field(manifest, 'apiVersion');
  if (apiVersion !== ACCESS_API_VERSION) {
    problems.push(`apiVersion: must be '${ACCESS_API_VERSION}'${typeof apiVersion === 'string' ? `, not '${clip(apiVersion)}'` : ''}`);
  }
  if (field(manifest, 'kind') !== kind) problems.push(`kind: must be '${kind}'`);
  const metadata = field(manifest, 'metadata');
  const meta = isRecord(metadata) ? metadata : {};
  if (!isRecord(metadata)) problems.push('metadata: must be a mapping');
  const name = readObjectName(field(meta, 'name'), 'metadata.name', problems);
  const rawNamespace = field(meta, 'namespace');
  let namespace: string | undefined;
  if (namespaced) namespace = readLabelName(rawNamespace, 'metadata.namespace', problems);
  else if (rawNamespace !== undefined) problems.push(`metadata.namespace: a ${kind} is cluster-wide and has no namespace`);
  const rawSpec = field(manifest, 'spec');
  if (!isRecord(rawSpec)) problems.push('spec: must be a mapping');
  const label = `${kind} ${namespace ? `${namespace}/` : ''}${name ? clip(name) : '(unnamed)'}`;
  return { name, ...(namespace !== undefined ? { namespace } : {}), spec: isRecord(rawSpec) ? rawSpec : {}, label };
}
