import type { Parameter, Workflow, WorkflowSpec, InvocationBase, Template } from '../spec/index.js';
import { EngineError } from './errors.js';
import { resolveTemplate, storedTemplateKey } from './resolve-template.js';
import type { RunState } from './types.js';

export interface CreateRunOptions {
  uid: string;
  /** The workflow's final name (generateName already resolved by the caller). */
  name: string;
  namespace: string;
  now: Date;
  /** Stored templates the workflow references, keyed `<kind>/<name>` (see referencedTemplates). */
  storedTemplates?: Record<string, WorkflowSpec>;
  /** `-p name=value` overrides of workflow arguments. */
  parameters?: Record<string, string>;
  entrypoint?: string;
}

type TemplateKey = { kind: 'WorkflowTemplate' | 'ClusterWorkflowTemplate'; name: string };

function refsInTemplate(t: Template, out: TemplateKey[]): void {
  const calls: InvocationBase[] = [...(t.steps ?? []).flat(), ...(t.dag?.tasks ?? [])];
  for (const c of calls) {
    if (c.templateRef) out.push({ kind: c.templateRef.clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate', name: c.templateRef.name });
    if (c.inline) refsInTemplate(c.inline, out);
    for (const hook of Object.values(c.hooks ?? {})) {
      if (hook.templateRef) out.push({ kind: hook.templateRef.clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate', name: hook.templateRef.name });
    }
  }
}

/** The stored templates a spec refers to directly (workflowTemplateRef and every templateRef). */
export function referencedTemplates(spec: WorkflowSpec): TemplateKey[] {
  const out: TemplateKey[] = [];
  if (spec.workflowTemplateRef) {
    out.push({ kind: spec.workflowTemplateRef.clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate', name: spec.workflowTemplateRef.name });
  }
  for (const t of spec.templates ?? []) refsInTemplate(t, out);
  for (const hook of Object.values(spec.hooks ?? {})) {
    if (hook.templateRef) out.push({ kind: hook.templateRef.clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate', name: hook.templateRef.name });
  }
  const seen = new Set<string>();
  return out.filter((k) => !seen.has(storedTemplateKey(k.kind, k.name)) && seen.add(storedTemplateKey(k.kind, k.name)));
}

/** Argo's workflowTemplateRef merge: the workflow's own fields win; arguments merge by name. */
function mergeSpecs(base: WorkflowSpec, own: WorkflowSpec): WorkflowSpec {
  const { workflowTemplateRef: _ref, ...rest } = own;
  const params = new Map<string, Parameter>();
  for (const p of base.arguments?.parameters ?? []) params.set(p.name, p);
  for (const p of own.arguments?.parameters ?? []) params.set(p.name, { ...params.get(p.name), ...p });
  return {
    ...base,
    ...rest,
    templates: [...(base.templates ?? []), ...(own.templates ?? [])],
    arguments: { ...base.arguments, ...own.arguments, parameters: [...params.values()] },
  };
}

/** Workflow parameters after -p overrides; each needs a value and must respect its enum. */
function bindParameters(spec: WorkflowSpec, overrides: Record<string, string>): { parameters: Record<string, string>; declared: Parameter[] } {
  const declared = [...(spec.arguments?.parameters ?? [])];
  for (const name of Object.keys(overrides)) {
    if (!declared.some((p) => p.name === name)) declared.push({ name });
  }
  const parameters: Record<string, string> = {};
  const bound = declared.map((p) => {
    const raw = overrides[p.name] ?? p.value ?? p.default ?? p.valueFrom?.default;
    if (raw === undefined) {
      const hint = p.valueFrom ? ' (valueFrom other than default is not supported for workflow arguments)' : '';
      throw new EngineError('ERR_ENGINE_PARAMETER_MISSING', `spec.arguments.parameters.${p.name}: no value supplied${hint} (pass -p ${p.name}=VALUE)`);
    }
    const value = String(raw);
    if (p.enum?.length && !p.enum.map(String).includes(value)) {
      throw new EngineError('ERR_ENGINE_PARAMETER_INVALID', `spec.arguments.parameters.${p.name}: value ${JSON.stringify(value)} is not one of the allowed values [${p.enum.join(', ')}]`);
    }
    parameters[p.name] = value;
    return { ...p, value };
  });
  return { parameters, declared: bound };
}

/** Builds the initial (Pending) state of a run; throws EngineError for problems found before anything runs. */
export function createRun(workflow: Workflow, opts: CreateRunOptions): RunState {
  const stored = opts.storedTemplates ?? {};
  let spec = workflow.spec;
  if (spec.workflowTemplateRef) {
    const kind = spec.workflowTemplateRef.clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
    const base = stored[storedTemplateKey(kind, spec.workflowTemplateRef.name)];
    if (!base) throw new EngineError('ERR_ENGINE_TEMPLATE_NOT_FOUND', `spec.workflowTemplateRef: ${kind} '${spec.workflowTemplateRef.name}' not found`);
    spec = mergeSpecs(base, spec);
  }
  const entrypoint = opts.entrypoint ?? spec.entrypoint;
  if (!entrypoint) throw new EngineError('ERR_ENGINE_TEMPLATE_NOT_FOUND', 'spec.entrypoint: no entrypoint given');
  const { parameters, declared } = bindParameters(spec, opts.parameters ?? {});
  spec = { ...spec, entrypoint, arguments: { ...spec.arguments, parameters: declared } };
  const state: RunState = {
    uid: opts.uid, name: opts.name, namespace: opts.namespace,
    metadata: { ...workflow.metadata, name: opts.name, namespace: opts.namespace, uid: opts.uid, creationTimestamp: opts.now.toISOString() },
    spec, storedTemplates: stored, phase: 'Pending', parameters, outputs: { parameters: {}, artifacts: {} }, nodes: {},
    ...(spec.suspend === true ? { suspended: true } : {}),
  };
  const entry = resolveTemplate(state, { name: entrypoint, template: entrypoint }, { kind: 'local', name: '' });
  if ('error' in entry) throw new EngineError('ERR_ENGINE_TEMPLATE_NOT_FOUND', `spec.entrypoint: ${entry.error}`);
  return state;
}
