import type { InvocationBase, Template, WorkflowSpec } from '../spec/index.js';
import type { ResolvedTemplate, RunState, TemplateScope } from './types.js';

const LOCAL: TemplateScope = { kind: 'local', name: '' };
const indexCache = new WeakMap<Template[], Map<string, Template>>();

/** Name -> template index for one template list, memoised per list (pure: lists are never mutated). */
function indexOf(templates: Template[]): Map<string, Template> {
  let index = indexCache.get(templates);
  if (!index) {
    index = new Map(templates.map((t) => [t.name, t]));
    indexCache.set(templates, index);
  }
  return index;
}

/** The key under which a stored template is snapshotted in RunState.storedTemplates. */
export function storedTemplateKey(kind: 'WorkflowTemplate' | 'ClusterWorkflowTemplate', name: string): string {
  return `${kind}/${name}`;
}

/** Encodes a scope for NodeStatus.templateScope ('local' or 'WorkflowTemplate/name'). */
export function scopeKey(scope: TemplateScope): string {
  return scope.kind === 'local' ? 'local' : storedTemplateKey(scope.kind, scope.name);
}

/** Decodes NodeStatus.templateScope. */
export function parseScopeKey(key: string | undefined): TemplateScope {
  if (!key || key === 'local') return LOCAL;
  const slash = key.indexOf('/');
  return { kind: key.slice(0, slash) as TemplateScope['kind'], name: key.slice(slash + 1) };
}

function specOf(state: RunState, scope: TemplateScope): WorkflowSpec | undefined {
  return scope.kind === 'local' ? state.spec : state.storedTemplates[storedTemplateKey(scope.kind, scope.name)];
}

/** Applies workflow-level templateDefaults (template fields win; container fields merged one level). */
function withDefaults(state: RunState, template: Template): Template {
  const defaults = state.spec.templateDefaults;
  if (!defaults) return template;
  const merged: Template = { ...defaults, ...template } as Template;
  if (defaults.container && template.container) merged.container = { ...defaults.container, ...template.container };
  return merged;
}

/**
 * Finds the template an invocation (step, task, entrypoint or hook) calls, in the scope of the template
 * that contains it (Argo: a templateRef'd template's own references resolve inside its WorkflowTemplate).
 * Returns an error message instead of throwing so the caller can fail just that node.
 */
export function resolveTemplate(
  state: RunState,
  call: Pick<InvocationBase, 'template' | 'templateRef' | 'inline' | 'name'>,
  scope: TemplateScope,
): ResolvedTemplate | { error: string } {
  let template: Template | undefined;
  let found: TemplateScope = scope;
  if (call.inline) {
    template = { ...call.inline, name: call.inline.name ?? call.name };
  } else if (call.templateRef) {
    const kind = call.templateRef.clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
    found = { kind, name: call.templateRef.name };
    const spec = specOf(state, found);
    if (!spec) return { error: `${kind} '${call.templateRef.name}' not found` };
    template = indexOf(spec.templates ?? []).get(call.templateRef.template);
    if (!template) return { error: `template '${call.templateRef.template}' not found in ${kind} '${call.templateRef.name}'` };
  } else if (call.template) {
    const spec = specOf(state, scope);
    template = spec ? indexOf(spec.templates ?? []).get(call.template) : undefined;
    if (!template) return { error: `template '${call.template}' not found` };
  } else {
    return { error: `'${call.name}' names no template, templateRef or inline template` };
  }
  const effective = withDefaults(state, template);
  return { template: effective, scope: found, retryStrategy: effective.retryStrategy };
}

/** Names the template a node runs, for NodeStatus.templateName. */
export function templateLabel(call: Pick<InvocationBase, 'template' | 'templateRef' | 'inline' | 'name'>): string {
  if (call.templateRef) return call.templateRef.template;
  return call.template ?? call.inline?.name ?? call.name;
}
