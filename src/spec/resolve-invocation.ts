import type { TemplateLibrary } from './template-library.js';
import { isObj, isTemplated, objAt, strAt, type Obj } from './read-values.js';

/** What a step, task, hook, entrypoint or onExit names, resolved against the linted documents. */
export type Resolution =
  | { status: 'found'; template: Obj; label: string }
  | { status: 'missing'; message: string; field: 'template' | 'templateRef' }
  /** A templateRef to a (Cluster)WorkflowTemplate that is not among the linted files (may exist on the server). */
  | { status: 'external'; message: string }
  /** The name is a placeholder, known only at run time. */
  | { status: 'dynamic' }
  | { status: 'none' };

/** Resolves a template name within the spec's own templates. */
export function resolveLocal(name: string, local: Map<string, Obj>): Resolution {
  if (isTemplated(name)) return { status: 'dynamic' };
  const template = local.get(name);
  if (template) return { status: 'found', template, label: `template "${name}"` };
  return { status: 'missing', field: 'template', message: `template "${name}" is not defined in spec.templates` };
}

/** Resolves a `templateRef: {name, template, clusterScope}` against the library. */
export function resolveTemplateRef(ref: Obj, library: TemplateLibrary): Resolution {
  const name = strAt(ref['name']);
  const template = strAt(ref['template']);
  if (name === undefined || template === undefined) return { status: 'none' };
  if (isTemplated(name) || isTemplated(template)) return { status: 'dynamic' };
  const cluster = ref['clusterScope'] === true;
  const kind = cluster ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
  const entry = (cluster ? library.cluster : library.namespaced).get(name);
  if (!entry) {
    return { status: 'external', message: `templateRef: ${kind} "${name}" not found among the linted files (it may exist on the server)` };
  }
  const found = entry.templates.get(template);
  if (!found) {
    return { status: 'missing', field: 'templateRef', message: `templateRef: ${kind} "${name}" (${entry.file}) has no template "${template}"` };
  }
  return { status: 'found', template: found, label: `template "${template}" of ${kind} "${name}"` };
}

/** Resolves a step or task: its `template`, `templateRef` or `inline` template. */
export function resolveInvocation(invocation: Obj, local: Map<string, Obj>, library: TemplateLibrary): Resolution {
  const inline = invocation['inline'];
  if (isObj(inline)) return { status: 'found', template: inline, label: 'the inline template' };
  const ref = objAt(invocation['templateRef']);
  if (ref) return resolveTemplateRef(ref, library);
  const name = strAt(invocation['template']);
  return name === undefined ? { status: 'none' } : resolveLocal(name, local);
}
