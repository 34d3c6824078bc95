import type { Workflow } from '../spec/index.js';
import type { SubmitOptions } from '../controller/index.js';
import type { StoredResource } from '../store/index.js';
import { ServerError } from './errors.js';

/** Argo's SubmitOpts, the part Keyflow honours. `labels` is Argo's "a=b,c=d" string (an object also works). */
export interface ArgoSubmitOptions {
  name?: string;
  generateName?: string;
  entryPoint?: string;
  parameters?: string[];
  labels?: string | Record<string, string>;
  annotations?: string;
  serviceAccount?: string;
  dryRun?: boolean;
  serverDryRun?: boolean;
}

export type SubmittableKind = 'WorkflowTemplate' | 'ClusterWorkflowTemplate' | 'CronWorkflow';

const TEMPLATE_LABEL: Record<SubmittableKind, string> = {
  WorkflowTemplate: 'workflows.argoproj.io/workflow-template',
  ClusterWorkflowTemplate: 'workflows.argoproj.io/cluster-workflow-template',
  CronWorkflow: 'workflows.argoproj.io/cron-workflow',
};

function parsePairs(text: string | Record<string, string> | undefined, field: string): Record<string, string> {
  if (text === undefined) return {};
  if (typeof text !== 'string') return text;
  const out: Record<string, string> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ServerError('ERR_SERVER_BAD_REQUEST', `submitOptions.${field}: '${pair}' is not key=value`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** `name=value` strings (the value may hold '=') into a parameter map. */
export function parseParameters(values: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  (values ?? []).forEach((v, i) => {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new ServerError('ERR_SERVER_BAD_REQUEST', `submitOptions.parameters[${i}]: '${v}' is not name=value`);
    out[v.slice(0, eq)] = v.slice(eq + 1);
  });
  return out;
}

/**
 * The workflow Argo's `submit --from` creates (workflow/common NewWorkflowFromWorkflowTemplate): a
 * workflowTemplateRef to the template, named after it, labelled with where it came from; a CronWorkflow
 * contributes a copy of its workflowSpec.
 */
export function buildSubmission(kind: SubmittableKind, resource: StoredResource, namespace: string, opts: ArgoSubmitOptions = {}): { workflow: Workflow; submit: SubmitOptions } {
  const source = resource.manifest as { spec?: { workflowSpec?: Workflow['spec']; workflowMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } } };
  const inherited = source.spec?.workflowMetadata ?? {};
  const labels = { ...inherited.labels, [TEMPLATE_LABEL[kind]]: resource.name, ...parsePairs(opts.labels, 'labels') };
  const annotations = { ...inherited.annotations, ...parsePairs(opts.annotations, 'annotations') };
  const spec: Workflow['spec'] = kind === 'CronWorkflow'
    ? structuredClone(source.spec?.workflowSpec ?? {})
    : { workflowTemplateRef: { name: resource.name, ...(kind === 'ClusterWorkflowTemplate' ? { clusterScope: true } : {}) } };
  if (opts.serviceAccount) spec.serviceAccountName = opts.serviceAccount;
  const workflow: Workflow = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      ...(opts.name ? { name: opts.name } : { generateName: opts.generateName ?? `${resource.name}-` }),
      namespace, labels,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec,
  };
  const parameters = parseParameters(opts.parameters);
  return { workflow, submit: { namespace, parameters, ...(opts.entryPoint ? { entrypoint: opts.entryPoint } : {}) } };
}
