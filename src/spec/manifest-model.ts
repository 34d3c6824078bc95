import type { Path } from './diagnostic.js';
import { isObj, listAt, objAt, objEntries, strAt, type Obj } from './read-values.js';
import { ARGO_API_VERSION, KEYFLOW_API_VERSION } from './types.js';

export type WorkflowKind = 'Workflow' | 'WorkflowTemplate' | 'ClusterWorkflowTemplate' | 'CronWorkflow';
const WORKFLOW_KINDS: readonly string[] = ['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow'];

/** Keyflow's own kinds (DESIGN.md "Resources"); their specs are validated by later issues. */
export const KEYFLOW_KINDS: readonly string[] = [
  'ServiceAccount', 'Secret', 'Role', 'RoleBinding', 'EventBinding', 'ClusterRole', 'ClusterRoleBinding',
  'Pool', 'Scope', 'Namespace',
];

/** How lint treats a document: a workflow kind, a Keyflow resource, or something it ignores. */
export type ManifestClass =
  | { class: 'workflow'; kind: WorkflowKind }
  | { class: 'keyflow'; kind: string }
  | { class: 'ignored'; kind: string; apiVersion: string }
  | { class: 'incomplete' };

/** Classifies a document by apiVersion and kind. */
export function classifyManifest(manifest: Obj): ManifestClass {
  const apiVersion = strAt(manifest['apiVersion']);
  const kind = strAt(manifest['kind']);
  if (apiVersion === undefined || kind === undefined) return { class: 'incomplete' };
  if (apiVersion === ARGO_API_VERSION && WORKFLOW_KINDS.includes(kind)) return { class: 'workflow', kind: kind as WorkflowKind };
  if (apiVersion === KEYFLOW_API_VERSION && KEYFLOW_KINDS.includes(kind)) return { class: 'keyflow', kind };
  return { class: 'ignored', kind, apiVersion };
}

/** The workflow spec of a workflow-kind manifest: `spec`, or `spec.workflowSpec` for a CronWorkflow. */
export interface SpecSite {
  spec: Obj;
  path: Path;
  kind: WorkflowKind;
}

/** Finds the workflow spec of a manifest, if it has one that is a mapping. */
export function specSiteOf(manifest: Obj, kind: WorkflowKind): SpecSite | undefined {
  const spec = objAt(manifest['spec']);
  if (!spec) return undefined;
  if (kind !== 'CronWorkflow') return { spec, path: ['spec'], kind };
  const inner = objAt(spec['workflowSpec']);
  return inner ? { spec: inner, path: ['spec', 'workflowSpec'], kind } : undefined;
}

/** A template definition: a member of spec.templates or an `inline` template of a step or task. */
export interface TemplateSite {
  template: Obj;
  path: Path;
  /** The invocation an inline template belongs to (its loop variables are in scope inside it). */
  carrier?: InvocationSite;
}

/** A step or DAG task. `group` is the parallel group of a step (steps run group after group). */
export interface InvocationSite {
  invocation: Obj;
  path: Path;
  kind: 'step' | 'task';
  name: string | undefined;
  group: number;
  index: number;
  parent: TemplateSite;
}

/** The steps and tasks of one template, in source order. */
export function listInvocations(site: TemplateSite): InvocationSite[] {
  const out: InvocationSite[] = [];
  const steps = site.template['steps'];
  listAt(steps).forEach((group, g) => {
    for (const [step, i] of objEntries(group)) {
      out.push({ invocation: step, path: [...site.path, 'steps', g, i], kind: 'step', name: strAt(step['name']), group: g, index: i, parent: site });
    }
  });
  const dag = objAt(site.template['dag']);
  for (const [task, i] of objEntries(dag?.['tasks'])) {
    out.push({ invocation: task, path: [...site.path, 'dag', 'tasks', i], kind: 'task', name: strAt(task['name']), group: 0, index: i, parent: site });
  }
  return out;
}

/** Every template of a spec: the named ones, then inline templates found inside steps and tasks. */
export function listTemplates(site: SpecSite): TemplateSite[] {
  const out: TemplateSite[] = [];
  const visit = (template: TemplateSite, depth: number) => {
    out.push(template);
    if (depth > 20) return; // inline nesting this deep is an attack, not a workflow
    for (const inv of listInvocations(template)) {
      const inline = inv.invocation['inline'];
      if (isObj(inline)) visit({ template: inline, path: [...inv.path, 'inline'], carrier: inv }, depth + 1);
    }
  };
  for (const [template, i] of objEntries(site.spec['templates'])) visit({ template, path: [...site.path, 'templates', i] }, 0);
  return out;
}

/** The top-level templates of a spec by name (first definition wins, duplicates are reported elsewhere). */
export function templatesByName(spec: Obj): Map<string, Obj> {
  const byName = new Map<string, Obj>();
  for (const [template] of objEntries(spec['templates'])) {
    const name = strAt(template['name']);
    if (name !== undefined && !byName.has(name)) byName.set(name, template);
  }
  return byName;
}

/** The kind of a template, by the one type field it sets (first found), e.g. 'container', 'dag'. */
export const TEMPLATE_TYPES = ['container', 'script', 'steps', 'dag', 'suspend', 'resource', 'http', 'containerSet', 'data', 'plugin'] as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[number];

/** The type fields a template sets (exactly one is valid). */
export function templateTypesOf(template: Obj): TemplateType[] {
  return TEMPLATE_TYPES.filter((t) => template[t] !== undefined && template[t] !== null);
}

/** Leaf templates run something themselves; steps and dag templates only call others. */
export function isLeafTemplate(template: Obj): boolean {
  return template['steps'] === undefined && template['dag'] === undefined;
}
