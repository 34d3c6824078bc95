import type { Check, LintContext } from './lint-context.js';
import { isObj, objAt, strAt } from './read-values.js';

/**
 * Document-level required fields: metadata with a name (or generateName), a spec, an entrypoint (Argo
 * allows none only in (Cluster)WorkflowTemplates, or when workflowTemplateRef brings one), cron schedules.
 */
export const checkRequiredFields: Check = (ctx) => {
  if (ctx.cls.class !== 'workflow' && ctx.cls.class !== 'keyflow') return;
  const metadata = ctx.manifest['metadata'];
  if (!isObj(metadata)) {
    ctx.report('error', 'required-field', ['metadata'], 'metadata is required (with name or generateName)');
  } else if (strAt(metadata['name']) === undefined && strAt(metadata['generateName']) === undefined) {
    ctx.report('error', 'required-field', ['metadata'], 'metadata.name or metadata.generateName is required');
  }
  if (ctx.cls.class !== 'workflow') return;
  if (!isObj(ctx.manifest['spec'])) {
    ctx.report('error', 'required-field', ['spec'], 'spec is required');
    return;
  }
  if (ctx.cls.kind === 'CronWorkflow') checkCron(ctx);
  checkEntrypoint(ctx);
};

function checkCron(ctx: LintContext): void {
  const spec = objAt(ctx.manifest['spec']) ?? {};
  if (!isObj(spec['workflowSpec'])) ctx.report('error', 'required-field', ['spec'], 'spec.workflowSpec is required in a CronWorkflow');
  const schedules = spec['schedules'];
  const hasList = Array.isArray(schedules) && schedules.length > 0;
  if (strAt(spec['schedule']) === undefined && !hasList) {
    ctx.report('error', 'required-field', ['spec'], 'spec.schedules (or the older spec.schedule) is required in a CronWorkflow');
  }
  if (strAt(spec['schedule']) !== undefined && hasList) {
    ctx.report('error', 'invalid-value', ['spec', 'schedule'], 'a CronWorkflow cannot set both spec.schedule and spec.schedules');
  }
}

function checkEntrypoint(ctx: LintContext): void {
  const site = ctx.site;
  if (!site) return;
  const ref = objAt(site.spec['workflowTemplateRef']);
  if (ref && strAt(ref['name']) === undefined) {
    ctx.report('error', 'required-field', [...site.path, 'workflowTemplateRef'], 'workflowTemplateRef.name is required');
  }
  if (strAt(site.spec['entrypoint']) !== undefined) return;
  const templateKind = site.kind === 'WorkflowTemplate' || site.kind === 'ClusterWorkflowTemplate';
  if (templateKind) return;
  if (ref) {
    const found = ctx.workflowRef?.status === 'found' ? ctx.workflowRef.entry : undefined;
    if (found && strAt(found.spec['entrypoint']) === undefined) {
      ctx.report('error', 'required-field', site.path,
        `spec.entrypoint is required: ${found.kind} "${found.name}" (${found.file}) does not set one either`);
    }
    return;
  }
  ctx.report('error', 'required-field', site.path, `${site.path.join('.')}.entrypoint is required (the template to start with)`);
}
