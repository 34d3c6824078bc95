import type { Check, LintContext } from './lint-context.js';
import { listNamedLists } from './list-named-items.js';
import { listInvocations } from './manifest-model.js';
import { fieldNameProblem, generateNameProblem, objectNameProblem, paramNameProblem } from './name-rules.js';
import { isTemplated, listAt, objAt, objEntries, strAt } from './read-values.js';

/** Argo caps names at 63 (a label value); CronWorkflows at 52 so the timestamp suffix still fits. */
const NAME_MAX: Record<string, number> = { Workflow: 63, WorkflowTemplate: 63, ClusterWorkflowTemplate: 63, CronWorkflow: 52 };

/**
 * Names must be usable where Keyflow and Argo put them: object names in URLs and labels, template, step
 * and task names in node ids and `{{steps.NAME...}}` references, parameter names in `{{inputs...}}`.
 * A name with shell metacharacters never reaches a command line because it never validates.
 */
export const checkNames: Check = (ctx) => {
  checkMetadata(ctx);
  for (const site of ctx.templates) {
    const name = strAt(site.template['name']);
    const problem = name === undefined ? undefined : fieldNameProblem(name);
    if (problem) ctx.report('error', 'invalid-name', [...site.path, 'name'], `template name "${name}" ${problem}`);
    checkInvocationNames(ctx, site);
  }
  checkParameterNames(ctx);
};

function checkMetadata(ctx: LintContext): void {
  if (ctx.cls.class !== 'workflow' && ctx.cls.class !== 'keyflow') return;
  const metadata = objAt(ctx.manifest['metadata']);
  const name = strAt(metadata?.['name']);
  const max = ctx.cls.class === 'workflow' ? NAME_MAX[ctx.cls.kind] ?? 253 : 253;
  const problem = name === undefined ? undefined : objectNameProblem(name, max);
  if (problem) ctx.report('error', 'invalid-name', ['metadata', 'name'], `metadata.name "${name}" ${problem}`);
  const prefix = strAt(metadata?.['generateName']);
  const prefixProblem = prefix === undefined ? undefined : generateNameProblem(prefix);
  if (prefixProblem) ctx.report('error', 'invalid-name', ['metadata', 'generateName'], `metadata.generateName "${prefix}" ${prefixProblem}`);
}

function checkInvocationNames(ctx: LintContext, site: LintContext['templates'][number]): void {
  const invocations = listInvocations(site);
  // Argo: a task name cannot start with a digit when the DAG uses depends or the task has dependencies.
  const usesDepends = invocations.some((inv) => inv.invocation['depends'] != null);
  for (const inv of invocations) {
    if (inv.name === undefined) continue;
    const problem = fieldNameProblem(inv.name);
    if (problem) ctx.report('error', 'invalid-name', [...inv.path, 'name'], `${inv.kind} name "${inv.name}" ${problem}`);
    else if (inv.kind === 'task' && (usesDepends || listAt(inv.invocation['dependencies']).length > 0) && /^[0-9]/.test(inv.name)) {
      ctx.report('error', 'invalid-name', [...inv.path, 'name'], `task name "${inv.name}" cannot start with a digit in a DAG that uses depends or dependencies`);
    }
  }
}

function checkParameterNames(ctx: LintContext): void {
  for (const list of listNamedLists(ctx)) {
    for (const [item, i] of objEntries(list.items)) {
      const name = strAt(item['name']);
      if (name === undefined) {
        // A name of the wrong type (`name: no` is a YAML boolean) is reported by check-field-types.
        if (item['name'] == null || item['name'] === '') ctx.report('error', 'required-field', [...list.path, i], `${list.owner}: ${list.what} name is required`);
        continue;
      }
      const problem = paramNameProblem(name);
      if (problem) ctx.report('error', 'invalid-name', [...list.path, i, 'name'], `${list.what} name "${name}" ${problem}`);
      const global = strAt(item['globalName']);
      const globalProblem = global === undefined || isTemplated(global) ? undefined : paramNameProblem(global);
      if (globalProblem) ctx.report('error', 'invalid-name', [...list.path, i, 'globalName'], `globalName "${global}" ${globalProblem}`);
    }
  }
}
