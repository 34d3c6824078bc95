import type { Path } from './diagnostic.js';
import type { Check, LintContext } from './lint-context.js';
import { isObj, listAt, objAt, objEntries, strAt, type Obj } from './read-values.js';

/**
 * Steps, tasks and lifecycle hooks: each names its template exactly once (template, templateRef or
 * inline), loops use one of withItems/withParam/withSequence, arguments carry values, and hooks other
 * than `exit` say when they fire (Argo: "Expression required").
 */
export const checkInvocationFields: Check = (ctx) => {
  if (!ctx.site) return;
  checkArguments(ctx, ctx.site.spec['arguments'], [...ctx.site.path, 'arguments'], false);
  checkHooks(ctx, ctx.site.spec['hooks'], [...ctx.site.path, 'hooks']);
  for (const site of ctx.templates) {
    for (const [group, g] of listAt(site.template['steps']).map((v, i) => [v, i] as const)) {
      if (!Array.isArray(group)) continue;
      group.forEach((step, i) => { if (isObj(step)) checkInvocation(ctx, step, [...site.path, 'steps', g, i], 'step'); });
    }
    for (const [task, i] of objEntries(objAt(site.template['dag'])?.['tasks'])) {
      checkInvocation(ctx, task, [...site.path, 'dag', 'tasks', i], 'task');
    }
  }
};

function checkInvocation(ctx: LintContext, inv: Obj, path: Path, kind: 'step' | 'task'): void {
  const name = strAt(inv['name']);
  const label = name !== undefined ? `${kind} "${name}"` : kind;
  if (name === undefined) ctx.report('error', 'required-field', path, `${kind} name is required`);
  checkTarget(ctx, inv, path, label);
  const loops = ['withItems', 'withParam', 'withSequence'].filter((f) => inv[f] !== undefined && inv[f] !== null);
  if (loops.length > 1) ctx.report('error', 'invalid-value', [...path, loops[1] ?? ''], `${label} sets ${loops.join(' and ')}: use only one`, 'key');
  const seq = objAt(inv['withSequence']);
  if (seq && seq['count'] !== undefined && seq['end'] !== undefined) {
    ctx.report('error', 'invalid-value', [...path, 'withSequence'], 'withSequence takes count or end, not both');
  }
  checkArguments(ctx, inv['arguments'], [...path, 'arguments'], true);
  checkHooks(ctx, inv['hooks'], [...path, 'hooks']);
}

function checkTarget(ctx: LintContext, holder: Obj, path: Path, label: string): void {
  const set = ['template', 'templateRef', 'inline'].filter((f) => holder[f] !== undefined && holder[f] !== null);
  if (set.length === 0) ctx.report('error', 'required-field', path, `${label} needs template, templateRef or inline`);
  if (set.length > 1) ctx.report('error', 'invalid-value', [...path, set[1] ?? ''], `${label} sets ${set.join(' and ')}: use only one`, 'key');
  const ref = objAt(holder['templateRef']);
  if (!ref) return;
  for (const field of ['name', 'template']) {
    if (strAt(ref[field]) === undefined) ctx.report('error', 'required-field', [...path, 'templateRef'], `templateRef.${field} is required`);
  }
}

function checkHooks(ctx: LintContext, hooks: unknown, path: Path): void {
  if (!isObj(hooks)) return;
  for (const [event, hook] of Object.entries(hooks)) {
    if (!isObj(hook)) continue;
    const hookPath = [...path, event];
    checkTarget(ctx, hook, hookPath, `hook "${event}"`);
    if (event !== 'exit' && strAt(hook['expression']) === undefined) {
      ctx.report('error', 'required-field', hookPath, `hook "${event}" needs an expression (only the "exit" hook runs without one)`);
    }
    checkArguments(ctx, hook['arguments'], [...hookPath, 'arguments'], true);
  }
}

const ARTIFACT_SOURCES = ['from', 'fromExpression', 'raw', 's3', 'gcs', 'git', 'http', 'azure', 'oss', 'hdfs', 'artifactory', 'plugin'];

/** Argo's validateArgumentsValues: a caller must give values; workflow arguments may be left for submit time. */
function checkArguments(ctx: LintContext, args: unknown, path: Path, requireValues: boolean): void {
  const obj = objAt(args);
  for (const [param, i] of objEntries(obj?.['parameters'])) {
    const p = [...path, 'parameters', i];
    const name = strAt(param['name']) ?? `#${i}`;
    const valueFrom = objAt(param['valueFrom']);
    if (requireValues && param['value'] === undefined && !valueFrom) {
      ctx.report('error', 'required-field', p, `argument parameter "${name}" needs a value or valueFrom`);
    }
    if (valueFrom && ['path', 'jsonPath', 'jqFilter', 'parameter', 'expression'].some((f) => valueFrom[f] !== undefined)) {
      ctx.report('error', 'invalid-value', [...p, 'valueFrom'], `argument parameter "${name}": valueFrom only allows default, configMapKeyRef, event and supplied`);
    }
  }
  for (const [artifact, i] of objEntries(obj?.['artifacts'])) {
    const name = strAt(artifact['name']) ?? `#${i}`;
    if (artifact['from'] !== undefined && artifact['fromExpression'] !== undefined) {
      ctx.report('error', 'invalid-value', [...path, 'artifacts', i], `argument artifact "${name}" sets both from and fromExpression`);
    } else if (!ARTIFACT_SOURCES.some((f) => artifact[f] !== undefined && artifact[f] !== null)) {
      ctx.report('error', 'required-field', [...path, 'artifacts', i], `argument artifact "${name}" needs from, fromExpression, raw or an artifact store`);
    }
  }
}
