import { ServerError } from './errors.js';

/** Metadata the server owns: whatever a client sends in these fields is dropped, not trusted. */
const SERVER_OWNED = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp'];

export interface ManifestExpectation {
  kind: 'Workflow' | 'WorkflowTemplate' | 'ClusterWorkflowTemplate';
  /** The request path's namespace; undefined for cluster-scoped kinds. */
  namespace: string | undefined;
  /** Name of the body member holding the manifest (`workflow`, `template`), for messages. */
  member: string;
}

/**
 * The manifest a request body carries, made consistent with the request: apiVersion and kind filled in
 * when absent (Argo's typed clients may omit them), a different kind or namespace refused, server-owned
 * metadata dropped. Returns a copy; the body is not changed.
 */
export function manifestFromBody(value: Record<string, unknown>, expect: ManifestExpectation): Record<string, unknown> {
  const kind = value.kind ?? expect.kind;
  if (kind !== expect.kind) throw new ServerError('ERR_SERVER_BAD_REQUEST', `${expect.member}.kind must be ${expect.kind}, not ${JSON.stringify(kind)}`);
  const metadata = value.metadata ?? {};
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new ServerError('ERR_SERVER_BAD_REQUEST', `${expect.member}.metadata must be an object`);
  }
  const meta: Record<string, unknown> = { ...(metadata as Record<string, unknown>) };
  for (const field of SERVER_OWNED) delete meta[field];
  const ns = meta.namespace;
  if (expect.namespace === undefined) {
    if (ns !== undefined && ns !== '') throw new ServerError('ERR_SERVER_BAD_REQUEST', `${expect.member}.metadata.namespace must be empty: a ${expect.kind} is cluster-wide`);
    delete meta.namespace;
  } else {
    if (ns !== undefined && ns !== expect.namespace) {
      throw new ServerError('ERR_SERVER_BAD_REQUEST', `${expect.member}.metadata.namespace ${JSON.stringify(ns)} does not match the namespace '${expect.namespace}' of the request path`);
    }
    meta.namespace = expect.namespace;
  }
  return { ...value, apiVersion: value.apiVersion ?? 'argoproj.io/v1alpha1', kind, metadata: meta };
}

/** Refuses a body whose `namespace`/`name` member disagrees with the request path (Argo sends both). */
export function checkBodyMatchesPath(body: { namespace?: string; name?: string } | undefined, path: { namespace?: string; name?: string }): void {
  for (const field of ['namespace', 'name'] as const) {
    const given = body?.[field];
    if (given !== undefined && given !== '' && path[field] !== undefined && given !== path[field]) {
      throw new ServerError('ERR_SERVER_BAD_REQUEST', `body.${field} '${given}' does not match the ${field} '${path[field]}' of the request path`);
    }
  }
}

/** The name a stored resource gets: metadata.name, required (templates have no generateName). */
export function requireName(manifest: Record<string, unknown>, member: string): string {
  const name = (manifest.metadata as { name?: unknown }).name;
  if (typeof name !== 'string' || name === '') throw new ServerError('ERR_SERVER_BAD_REQUEST', `${member}.metadata.name is required`);
  return name;
}
