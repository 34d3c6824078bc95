import type { Path } from './diagnostic.js';
import { didYouMean } from './closest-name.js';
import type { Check, LintContext } from './lint-context.js';
import { listInvocations } from './manifest-model.js';
import { isObj, objEntries, strAt, type Obj } from './read-values.js';
import { resolveInvocation, resolveLocal, type Resolution } from './resolve-invocation.js';

/**
 * Every template a workflow names must exist: entrypoint, onExit, steps, tasks and hooks, locally or
 * through templateRef/workflowTemplateRef in another linted file. A reference to a WorkflowTemplate that
 * is not among the linted files may still exist on the server: a warning, or an error when strict.
 */
export const checkTemplateRefs: Check = (ctx) => {
  const site = ctx.site;
  if (!site) return;
  checkWorkflowRef(ctx);
  const entryTemplates = ctx.workflowRef?.status === 'found' ? ctx.workflowRef.entry.templates : ctx.local;
  const refLabel = ctx.workflowRef?.status === 'found' ? ` of ${ctx.workflowRef.entry.kind} "${ctx.workflowRef.entry.name}"` : '';
  for (const field of ['entrypoint', 'onExit'] as const) {
    const name = strAt(site.spec[field]);
    if (name === undefined || ctx.workflowRef?.status === 'external' || ctx.workflowRef?.status === 'dynamic') continue;
    const res = resolveLocal(name, entryTemplates);
    if (res.status === 'missing') {
      ctx.report('error', 'unknown-template', [...site.path, field], `${field} "${name}" is not a template${refLabel}${didYouMean(name, entryTemplates.keys())}`);
    }
  }
  checkHooks(ctx, site.spec['hooks'], [...site.path, 'hooks']);
  for (const template of ctx.templates) {
    for (const inv of listInvocations(template)) {
      reportResolution(ctx, resolveInvocation(inv.invocation, ctx.local, ctx.library), inv.invocation, inv.path);
      const onExit = strAt(inv.invocation['onExit']);
      if (onExit !== undefined) reportResolution(ctx, resolveLocal(onExit, ctx.local), { template: onExit }, [...inv.path, 'onExit'], true);
      checkHooks(ctx, inv.invocation['hooks'], [...inv.path, 'hooks']);
    }
  }
};

function checkWorkflowRef(ctx: LintContext): void {
  const site = ctx.site!;
  const ref = ctx.workflowRef;
  if (!ref) return;
  if (objEntries(site.spec['templates']).length > 0) {
    ctx.report('error', 'invalid-value', [...site.path, 'templates'], 'spec.templates must be empty when spec.workflowTemplateRef is set', 'key');
  }
  if (ref.status !== 'external') return;
  const severity = ctx.options.strictRefs ? 'error' : 'warning';
  ctx.report(severity, 'unresolved-template-ref', [...site.path, 'workflowTemplateRef', 'name'],
    `workflowTemplateRef: ${ref.kind} "${ref.name}" not found among the linted files (it may exist on the server)`);
}

function checkHooks(ctx: LintContext, hooks: unknown, path: Path): void {
  if (!isObj(hooks)) return;
  for (const [event, hook] of Object.entries(hooks)) {
    if (isObj(hook)) reportResolution(ctx, resolveInvocation(hook, ctx.local, ctx.library), hook, [...path, event]);
  }
}

function reportResolution(ctx: LintContext, res: Resolution, holder: Obj, path: Path, direct = false): void {
  if (res.status === 'missing') {
    const field = direct ? [] : [res.field];
    const hint = res.field === 'template' ? didYouMean(String(holder['template']), ctx.local.keys()) : '';
    ctx.report('error', 'unknown-template', [...path, ...field], `${res.message}${hint}`);
  } else if (res.status === 'external') {
    ctx.report(ctx.options.strictRefs ? 'error' : 'warning', 'unresolved-template-ref', [...path, 'templateRef'], res.message);
  }
}
