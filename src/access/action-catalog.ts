/**
 * The explicit allow-list of resources and verbs (issue 5). An action is `resource:verb`; a role may also
 * name `resource:*` (every verb of that resource) or `*` (every action). Anything else is refused when a
 * role is validated, so a typo never silently grants nothing, and a wildcard never grows beyond this list.
 */

const TEMPLATE_VERBS = ['create', 'get', 'list', 'update', 'delete', 'submit'] as const;
const RBAC_VERBS = ['create', 'get', 'list', 'update', 'delete'] as const;

/** Every resource and its verbs. `secret:read` lets a workflow mount a secret; no verb returns a value. */
export const RESOURCE_VERBS = Object.freeze({
  workflow: ['create', 'get', 'list', 'logs', 'cancel', 'retry', 'resume', 'suspend', 'delete', 'approve'],
  workflowtemplate: TEMPLATE_VERBS,
  clusterworkflowtemplate: TEMPLATE_VERBS,
  cronworkflow: TEMPLATE_VERBS,
  serviceaccount: ['create', 'get', 'list', 'delete', 'use'],
  secret: ['create', 'list', 'delete', 'read'],
  role: RBAC_VERBS,
  rolebinding: RBAC_VERBS,
  audit: ['read'],
  namespace: ['create', 'get', 'list'],
} as const);

export type AccessResource = keyof typeof RESOURCE_VERBS;

/** Every concrete action, e.g. `workflow:get`. */
export type Action = {
  [R in AccessResource]: `${R}:${(typeof RESOURCE_VERBS)[R][number]}`;
}[AccessResource];

/** Every concrete action in catalogue order. */
export const ALL_ACTIONS: readonly Action[] = Object.freeze(
  (Object.keys(RESOURCE_VERBS) as AccessResource[]).flatMap((resource) =>
    RESOURCE_VERBS[resource].map((verb) => `${resource}:${verb}` as Action)),
);

const ACTION_SET: ReadonlySet<string> = new Set(ALL_ACTIONS);

/** True when `action` is a concrete action of the catalogue. */
export function isAction(action: unknown): action is Action {
  return typeof action === 'string' && ACTION_SET.has(action);
}

/**
 * Why `pattern` is not an acceptable action pattern, or undefined when it is. Patterns are a concrete
 * action, `resource:*` or `*`.
 */
export function checkActionPattern(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string') return 'must be a string like "workflow:get"';
  if (pattern === '*') return undefined;
  const colon = pattern.indexOf(':');
  if (colon < 0) return `'${clip(pattern)}' is not of the form resource:verb`;
  const resource = pattern.slice(0, colon);
  const verb = pattern.slice(colon + 1);
  if (!Object.hasOwn(RESOURCE_VERBS, resource)) return `unknown resource '${clip(resource)}'`;
  if (verb === '*') return undefined;
  const verbs: readonly string[] = RESOURCE_VERBS[resource as AccessResource];
  if (!verbs.includes(verb)) return `unknown verb '${clip(verb)}' for resource '${resource}'`;
  return undefined;
}

/** The concrete actions a valid pattern stands for. */
export function expandActionPattern(pattern: string): readonly Action[] {
  if (pattern === '*') return ALL_ACTIONS;
  const [resource, verb] = pattern.split(':') as [AccessResource, string];
  if (verb === '*') return RESOURCE_VERBS[resource].map((v) => `${resource}:${v}` as Action);
  return [pattern as Action];
}

/** Shortens hostile input before it is quoted in a message. */
export function clip(text: string): string {
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}
