/**
 * RoleBinding and ClusterRoleBinding manifests:
 *
 *   apiVersion: keyflow.dev/v1
 *   kind: RoleBinding               # or ClusterRoleBinding (no metadata.namespace)
 *   metadata: { name: release, namespace: payments }
 *   spec:
 *     roleRef: { kind: ClusterRole, name: submitter }
 *     subjects: [{ group: payments-devs }, { claim: { name: email, value: bob@example.com } }]
 *     effect: allow                 # default; or deny
 *     expiresAt: 2030-01-31T12:00:00Z
 *     resourceNames: [release]
 *     when: resource.labels.team == "payments"
 *
 * The `when` expression is parsed here, once; readBinding hands the parsed form to the index builder so
 * that indexing does not parse it again.
 */
import { parseExpression, ExprError, type ExprAst } from '../expr/index.js';
import { invalidAccessObject } from './errors.js';
import {
  ACCESS_LIMITS, field, isRecord, readArray, readObjectName, readText, readTimestamp, refuseUnknownKeys, type Problems,
} from './read-fields.js';
import { readEnvelope } from './read-metadata.js';
import { readSubject } from './read-subject.js';
import type { Binding, BindingKind, Effect, RoleKind, Subject } from './types.js';

const SPEC_KEYS = ['roleRef', 'subjects', 'effect', 'expiresAt', 'resourceNames', 'when'] as const;

/** What validation learnt beyond the Binding's plain data: the parsed condition and the expiry instant. */
export interface CompiledParts {
  when?: ExprAst;
  expiresAtMs?: number;
}

/** Validates a RoleBinding or ClusterRoleBinding manifest; throws ERR_AUTHZ_INVALID naming every field at fault. */
export function validateBinding(manifest: unknown, kind: BindingKind): Binding {
  return readBinding(manifest, kind).binding;
}

/** validateBinding, plus the parsed condition and expiry instant for the index. */
export function readBinding(manifest: unknown, kind: BindingKind): { binding: Binding; parts: CompiledParts } {
  const problems: Problems = [];
  const envelope = readEnvelope(manifest, kind, kind === 'RoleBinding', problems);
  const { spec, namespace } = envelope;
  refuseUnknownKeys(spec, SPEC_KEYS, 'spec', problems);
  const roleRef = readRoleRef(field(spec, 'roleRef'), kind, problems);
  const subjects = readSubjects(field(spec, 'subjects'), namespace, problems);
  const effect = readEffect(field(spec, 'effect'), problems);
  const parts: CompiledParts = {};
  const rawExpires = field(spec, 'expiresAt');
  let expiresAt: string | undefined;
  if (rawExpires !== undefined) {
    parts.expiresAtMs = readTimestamp(rawExpires, 'spec.expiresAt', problems);
    if (parts.expiresAtMs !== undefined) expiresAt = new Date(parts.expiresAtMs).toISOString();
  }
  const resourceNames = readResourceNames(field(spec, 'resourceNames'), problems);
  const when = readWhen(field(spec, 'when'), parts, problems);
  if (problems.length > 0) throw invalidAccessObject(envelope.label, problems);
  const binding: Binding = {
    kind, name: envelope.name, ...(namespace !== undefined ? { namespace } : {}),
    roleRef, subjects, effect,
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(resourceNames !== undefined ? { resourceNames } : {}),
    ...(when !== undefined ? { when } : {}),
  };
  return { binding, parts };
}

function readRoleRef(raw: unknown, kind: BindingKind, problems: Problems): Binding['roleRef'] {
  if (!isRecord(raw)) {
    problems.push('spec.roleRef: must be a mapping {kind, name}');
    return { kind: 'ClusterRole', name: '' };
  }
  refuseUnknownKeys(raw, ['kind', 'name'], 'spec.roleRef', problems);
  const roleKind = field(raw, 'kind');
  if (roleKind !== 'Role' && roleKind !== 'ClusterRole') {
    problems.push("spec.roleRef.kind: must be 'Role' or 'ClusterRole'");
  } else if (roleKind === 'Role' && kind === 'ClusterRoleBinding') {
    problems.push('spec.roleRef.kind: a ClusterRoleBinding can only refer to a ClusterRole');
  }
  const name = readObjectName(field(raw, 'name'), 'spec.roleRef.name', problems);
  return { kind: roleKind === 'Role' ? 'Role' : 'ClusterRole' as RoleKind, name };
}

function readSubjects(raw: unknown, namespace: string | undefined, problems: Problems): Subject[] {
  const items = readArray(raw, 'spec.subjects', ACCESS_LIMITS.maxSubjects, problems);
  if (Array.isArray(raw) && raw.length === 0) problems.push('spec.subjects: must name at least one subject');
  const subjects: Subject[] = [];
  items.forEach((item, i) => {
    const subject = readSubject(item, `spec.subjects[${i}]`, namespace, problems);
    if (subject) subjects.push(subject);
  });
  return subjects;
}

function readEffect(raw: unknown, problems: Problems): Effect {
  if (raw === undefined || raw === 'allow') return 'allow';
  if (raw === 'deny') return 'deny';
  problems.push("spec.effect: must be 'allow' or 'deny'");
  return 'deny';
}

function readResourceNames(raw: unknown, problems: Problems): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = readArray(raw, 'spec.resourceNames', ACCESS_LIMITS.maxResourceNames, problems);
  // An empty list would read as "no restriction" to some and "nothing" to others: refuse it.
  if (Array.isArray(raw) && raw.length === 0) problems.push('spec.resourceNames: must not be empty (omit it to mean every name)');
  return [...new Set(items.map((item, i) => readText(item, `spec.resourceNames[${i}]`, problems)))];
}

function readWhen(raw: unknown, parts: CompiledParts, problems: Problems): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '') {
    problems.push('spec.when: must be a non-empty expression string');
    return undefined;
  }
  try {
    parts.when = parseExpression(raw);
  } catch (err) {
    if (!(err instanceof ExprError)) throw err;
    problems.push(`spec.when: ${err.message}`);
  }
  return raw;
}
