import type { Path } from './diagnostic.js';
import type { Check, LintContext } from './lint-context.js';
import { isLeafTemplate, templateTypesOf, type TemplateSite } from './manifest-model.js';
import { listAt, objAt, objEntries, scalarAt, strAt, type Obj } from './read-values.js';

const TYPE_LIST = 'container, script, steps, dag, suspend, resource, http, containerSet, data or plugin';

/**
 * Per-template rules from Argo's validate.go: exactly one template type, a name for named templates,
 * an image for container and script templates (unless templateDefaults gives one), at least one DAG
 * task, and fields that only make sense on leaf (activeDeadlineSeconds, timeout) or non-leaf templates.
 */
export const checkTemplateFields: Check = (ctx) => {
  const defaults = objAt(ctx.site?.spec['templateDefaults']);
  for (const site of ctx.templates) {
    const { template, path } = site;
    if (!site.carrier && strAt(template['name']) === undefined) ctx.report('error', 'required-field', path, 'template name is required');
    checkType(ctx, site);
    checkImage(ctx, template, path, defaults);
    checkContainers(ctx, template, path);
    checkLeafFields(ctx, template, path);
  }
};

function label(site: TemplateSite): string {
  const name = strAt(site.template['name']);
  return name !== undefined ? `template "${name}"` : 'inline template';
}

function checkType(ctx: LintContext, site: TemplateSite): void {
  const types = templateTypesOf(site.template);
  if (types.length === 0) {
    ctx.report('error', 'template-type', site.path, `${label(site)} has no type: set exactly one of ${TYPE_LIST}`);
  } else if (types.length > 1) {
    ctx.report('error', 'template-type', [...site.path, types[1] ?? ''],
      `${label(site)} sets ${types.join(' and ')}: a template has exactly one type`, 'key');
  }
}

function checkImage(ctx: LintContext, template: Obj, path: Path, defaults: Obj | undefined): void {
  for (const kind of ['container', 'script'] as const) {
    const body = objAt(template[kind]);
    if (!body || strAt(body['image']) !== undefined) continue;
    if (strAt(objAt(defaults?.[kind])?.['image']) !== undefined) continue;
    ctx.report('error', 'required-field', [...path, kind], `${kind}.image is required (Argo refuses a ${kind} without an image)`);
  }
  const script = objAt(template['script']);
  // Argo accepts a script without source (it runs an empty script), so this is only a warning.
  if (script && typeof script['source'] !== 'string') ctx.report('warning', 'required-field', [...path, 'script'], 'script.source is missing: the script template would run nothing');
}

function checkContainers(ctx: LintContext, template: Obj, path: Path): void {
  const dag = objAt(template['dag']);
  if (dag && listAt(dag['tasks']).length === 0) ctx.report('error', 'required-field', [...path, 'dag'], 'a dag template needs at least one task in dag.tasks');
  const set = objAt(template['containerSet']);
  if (set && listAt(set['containers']).length === 0) {
    ctx.report('error', 'required-field', [...path, 'containerSet'], 'containerSet.containers needs at least one container');
  }
  for (const [container, i] of objEntries(set?.['containers'])) {
    if (strAt(container['name']) === undefined) ctx.report('error', 'required-field', [...path, 'containerSet', 'containers', i], 'container name is required in a containerSet');
  }
  for (const kind of ['container', 'script'] as const) {
    for (const [env, i] of objEntries(objAt(template[kind])?.['env'])) {
      if (strAt(env['name']) === undefined) ctx.report('error', 'required-field', [...path, kind, 'env', i], 'env var name is required');
    }
  }
}

function checkLeafFields(ctx: LintContext, template: Obj, path: Path): void {
  const leaf = isLeafTemplate(template);
  const type = templateTypesOf(template)[0] ?? 'template';
  if (!leaf && template['activeDeadlineSeconds'] !== undefined) {
    ctx.report('error', 'invalid-value', [...path, 'activeDeadlineSeconds'], `activeDeadlineSeconds is only valid on leaf templates, not on a ${type} template (use timeout on the steps inside)`, 'key');
  }
  if (leaf && template['parallelism'] !== undefined) {
    ctx.report('error', 'invalid-value', [...path, 'parallelism'], 'parallelism is only valid on steps and dag templates', 'key');
  }
  const timeout = scalarAt(template['timeout']);
  if (timeout === undefined) return;
  if (!leaf) ctx.report('error', 'invalid-value', [...path, 'timeout'], `a ${type} template does not support timeout`, 'key');
  else if (/^\d+$/.test(timeout)) ctx.report('error', 'invalid-value', [...path, 'timeout'], `timeout "${timeout}" needs a unit, e.g. "${timeout}s"`);
}
