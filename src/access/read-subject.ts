/**
 * One subject of a binding. Exactly one key says its kind:
 *
 *   - user: alice                          # principal.username (users only)
 *   - group: payments-devs                 # one of principal.groups
 *   - serviceaccount: release-bot          # in the binding's namespace, or
 *   - serviceaccount: { namespace: ci, name: release-bot }
 *   - claim: { name: email, value: bob@example.com }   # any top-level token claim
 */
import { clip } from './action-catalog.js';
import { field, isRecord, readLabelName, readText, refuseUnknownKeys, type Problems } from './read-fields.js';
import type { ClaimValue, Subject } from './types.js';

const SUBJECT_KINDS = ['user', 'group', 'serviceaccount', 'claim'] as const;

/** Validates one subject entry; `namespace` is the binding's (undefined for a ClusterRoleBinding). */
export function readSubject(raw: unknown, path: string, namespace: string | undefined, problems: Problems): Subject | undefined {
  if (!isRecord(raw)) {
    problems.push(`${path}: must be a mapping with one of ${SUBJECT_KINDS.join(', ')}`);
    return undefined;
  }
  const keys = Object.keys(raw);
  if (keys.length !== 1 || !(SUBJECT_KINDS as readonly string[]).includes(keys[0]!)) {
    const found = keys.length === 0 ? 'none' : keys.map((k) => clip(k)).join(', ');
    problems.push(`${path}: must have exactly one of ${SUBJECT_KINDS.join(', ')} (found ${found})`);
    return undefined;
  }
  const kind = keys[0] as (typeof SUBJECT_KINDS)[number];
  const value = field(raw, kind);
  switch (kind) {
    case 'user': return { kind, name: readText(value, `${path}.user`, problems) };
    case 'group': return { kind, name: readText(value, `${path}.group`, problems) };
    case 'serviceaccount': return readServiceAccount(value, `${path}.serviceaccount`, namespace, problems);
    case 'claim': return readClaim(value, `${path}.claim`, problems);
  }
}

function readServiceAccount(value: unknown, path: string, namespace: string | undefined, problems: Problems): Subject {
  if (typeof value === 'string') {
    if (namespace === undefined) problems.push(`${path}: a ClusterRoleBinding must name the namespace ({namespace, name})`);
    return { kind: 'serviceaccount', namespace: namespace ?? '', name: readLabelName(value, path, problems) };
  }
  if (!isRecord(value)) {
    problems.push(`${path}: must be a name or a mapping {namespace, name}`);
    return { kind: 'serviceaccount', namespace: '', name: '' };
  }
  refuseUnknownKeys(value, ['namespace', 'name'], path, problems);
  const rawNamespace = field(value, 'namespace');
  if (rawNamespace === undefined && namespace === undefined) {
    problems.push(`${path}.namespace: required in a ClusterRoleBinding`);
  }
  return {
    kind: 'serviceaccount',
    namespace: rawNamespace === undefined ? (namespace ?? '') : readLabelName(rawNamespace, `${path}.namespace`, problems),
    name: readLabelName(field(value, 'name'), `${path}.name`, problems),
  };
}

function readClaim(value: unknown, path: string, problems: Problems): Subject {
  if (!isRecord(value)) {
    problems.push(`${path}: must be a mapping {name, value}`);
    return { kind: 'claim', name: '', value: '' };
  }
  refuseUnknownKeys(value, ['name', 'value'], path, problems);
  const name = readText(field(value, 'name'), `${path}.name`, problems);
  const raw = field(value, 'value');
  let claimValue: ClaimValue = '';
  if (typeof raw === 'string') claimValue = readText(raw, `${path}.value`, problems);
  else if (typeof raw === 'boolean' || (typeof raw === 'number' && Number.isFinite(raw))) claimValue = raw;
  else problems.push(`${path}.value: must be a string, number or boolean`);
  return { kind: 'claim', name, value: claimValue };
}
