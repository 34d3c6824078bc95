import type { StoredResource } from '../store/index.js';
import { envelopeKeyId } from './envelope-codec.js';
import { SecretError } from './errors.js';
import { describeSecret, SECRET_API_VERSION, SECRET_KIND, USER_SECRET_KIND, type SecretKind } from './secret-identity.js';
import type { SecretInfo, SecretOwner } from './types.js';

/** A stored Secret or UserSecret, checked: the envelopes are still encrypted. */
export interface StoredSecret {
  kind: SecretKind;
  namespace: string;
  name: string;
  owner?: SecretOwner;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Data key -> envelope. */
  data: Record<string, string>;
  resource: StoredResource;
}

/** The manifest the store keeps (apiVersion keyflow.dev/v1; `data` holds envelopes, never plaintext). */
export function buildSecretManifest(s: Omit<StoredSecret, 'resource'>): Record<string, unknown> {
  return {
    apiVersion: SECRET_API_VERSION,
    kind: s.kind,
    metadata: { namespace: s.namespace, name: s.name, labels: s.labels, annotations: s.annotations },
    ...(s.owner !== undefined ? { owner: { issuer: s.owner.issuer, subject: s.owner.subject } } : {}),
    type: 'Opaque',
    data: s.data,
  };
}

const isStringMap = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

/** The checked content of a stored resource; ERR_SECRET_ENVELOPE when the stored manifest is not a secret. */
export function readSecretManifest(resource: StoredResource): StoredSecret {
  const m = resource.manifest as { kind?: unknown; metadata?: Record<string, unknown>; owner?: Record<string, unknown>; data?: unknown };
  const meta = m.metadata ?? {};
  const kind = m.kind === SECRET_KIND || m.kind === USER_SECRET_KIND ? m.kind : undefined;
  const owner = m.owner !== undefined && typeof m.owner.issuer === 'string' && typeof m.owner.subject === 'string'
    ? { issuer: m.owner.issuer, subject: m.owner.subject } : undefined;
  const labels = meta.labels ?? {};
  const annotations = meta.annotations ?? {};
  if (kind === undefined || kind !== resource.kind || typeof meta.name !== 'string' || meta.namespace !== resource.namespace
    || (kind === USER_SECRET_KIND) !== (owner !== undefined) || !isStringMap(m.data) || !isStringMap(labels) || !isStringMap(annotations)) {
    throw new SecretError('ERR_SECRET_ENVELOPE', `stored ${resource.kind} ${resource.namespace}/${resource.name} is not a well-formed secret manifest`);
  }
  return { kind, namespace: resource.namespace, name: meta.name, ...(owner ? { owner } : {}), labels, annotations, data: m.data, resource };
}

/** What may be shown about a stored secret: everything but the values. */
export function secretInfo(s: StoredSecret): SecretInfo {
  const keyIds = new Set<string>();
  for (const [key, envelope] of Object.entries(s.data)) {
    try {
      keyIds.add(envelopeKeyId(envelope, `${describeSecret(s.namespace, s.name, s.owner)}, key '${key}'`));
    } catch {
      keyIds.add('invalid');
    }
  }
  return {
    kind: s.kind,
    namespace: s.namespace,
    name: s.name,
    ...(s.owner ? { owner: { ...s.owner } } : {}),
    keys: Object.keys(s.data).sort(),
    labels: { ...s.labels },
    annotations: { ...s.annotations },
    keyIds: [...keyIds].sort(),
    uid: s.resource.uid,
    resourceVersion: s.resource.resourceVersion,
    createdAt: s.resource.createdAt,
    updatedAt: s.resource.updatedAt,
  };
}
