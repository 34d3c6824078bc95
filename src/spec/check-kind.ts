import type { Check } from './lint-context.js';
import { ARGO_API_VERSION } from './types.js';

const WORKFLOW_KINDS = ['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow'];

/**
 * apiVersion and kind decide everything else. Other Kubernetes objects in the same files (ConfigMaps,
 * PVCs, WorkflowEventBindings) are reported as info and skipped: they are legitimate, just not ours.
 */
export const checkKind: Check = (ctx) => {
  const { manifest, cls } = ctx;
  for (const field of ['apiVersion', 'kind'] as const) {
    const value = manifest[field];
    if (value === undefined || value === null || value === '') ctx.report('error', 'required-field', [field], `${field} is required`);
    else if (typeof value !== 'string') ctx.report('error', 'invalid-type', [field], `${field} must be a string`);
  }
  if (cls.class !== 'ignored') return;
  if (WORKFLOW_KINDS.includes(cls.kind) && cls.apiVersion.startsWith('argoproj.io/')) {
    ctx.report('error', 'invalid-value', ['apiVersion'], `${cls.kind} must have apiVersion ${ARGO_API_VERSION}, not ${cls.apiVersion}`);
    return;
  }
  ctx.report('info', 'ignored-kind', ['kind'], `${cls.kind} (${cls.apiVersion}) is not a workflow resource; lint skips it`);
};
