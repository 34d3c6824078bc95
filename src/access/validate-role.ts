/**
 * Role and ClusterRole manifests:
 *
 *   apiVersion: keyflow.dev/v1
 *   kind: Role                      # or ClusterRole (no metadata.namespace)
 *   metadata: { name: release-runner, namespace: payments }
 *   spec:
 *     description: Runs the release template
 *     actions: [workflowtemplate:submit, workflow:get, workflow:*]
 */
import { checkActionPattern } from './action-catalog.js';
import { invalidAccessObject } from './errors.js';
import { ACCESS_LIMITS, field, readArray, refuseUnknownKeys, type Problems } from './read-fields.js';
import { readEnvelope } from './read-metadata.js';
import type { Role, RoleKind } from './types.js';

const SPEC_KEYS = ['description', 'actions'] as const;

/** Validates a Role or ClusterRole manifest; throws ERR_AUTHZ_INVALID naming every field at fault. */
export function validateRole(manifest: unknown, kind: RoleKind): Role {
  const problems: Problems = [];
  const envelope = readEnvelope(manifest, kind, kind === 'Role', problems);
  const { spec } = envelope;
  refuseUnknownKeys(spec, SPEC_KEYS, 'spec', problems);
  const description = field(spec, 'description');
  if (description !== undefined && typeof description !== 'string') problems.push('spec.description: must be a string');
  const rawActions = field(spec, 'actions');
  const actions = readArray(rawActions ?? [], 'spec.actions', ACCESS_LIMITS.maxActions, problems);
  actions.forEach((pattern, i) => {
    const why = checkActionPattern(pattern);
    if (why !== undefined) problems.push(`spec.actions[${i}]: ${why}`);
  });
  if (problems.length > 0) throw invalidAccessObject(envelope.label, problems);
  return {
    kind,
    name: envelope.name,
    ...(envelope.namespace !== undefined ? { namespace: envelope.namespace } : {}),
    description: typeof description === 'string' ? description : '',
    actions: [...new Set(actions as string[])],
    system: false,
  };
}
