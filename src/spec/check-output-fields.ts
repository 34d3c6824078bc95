import type { Check, LintContext } from './lint-context.js';
import { isLeafTemplate, templateTypesOf, type TemplateSite } from './manifest-model.js';
import { objAt, objEntries, strAt } from './read-values.js';

const SOURCES = ['path', 'jqFilter', 'jsonPath', 'parameter', 'expression', 'supplied'] as const;

/**
 * Outputs must say where their value comes from, in the way the template type can provide it (Argo
 * validateOutputs): a file path for container/script templates, jsonPath or jqFilter for resources, a
 * parameter or expression for steps and DAGs. Artifacts: a path in leaf templates, `from` elsewhere.
 */
export const checkOutputFields: Check = (ctx) => {
  for (const site of ctx.templates) {
    checkParameters(ctx, site);
    checkArtifacts(ctx, site);
  }
};

function checkParameters(ctx: LintContext, site: TemplateSite): void {
  const type = templateTypesOf(site.template)[0];
  for (const [param, i] of objEntries(objAt(site.template['outputs'])?.['parameters'])) {
    const path = [...site.path, 'outputs', 'parameters', i];
    const name = strAt(param['name']) ?? '?';
    const valueFrom = objAt(param['valueFrom']);
    if (param['value'] != null && valueFrom) {
      ctx.report('error', 'invalid-value', path, `output parameter "${name}" sets both value and valueFrom: choose one`);
      continue;
    }
    if (param['value'] != null) continue;
    if (!valueFrom) {
      ctx.report('error', 'required-field', path, `output parameter "${name}" needs value or valueFrom`);
      continue;
    }
    const sources = SOURCES.filter((s) => valueFrom[s] != null && valueFrom[s] !== '');
    const from = [...path, 'valueFrom'];
    if (sources.length === 0) ctx.report('error', 'required-field', from, `output parameter "${name}": valueFrom needs one of path, jqFilter, jsonPath, parameter, expression or supplied`);
    else if (sources.length > 1) ctx.report('error', 'invalid-value', from, `output parameter "${name}": valueFrom sets ${sources.join(' and ')}: choose one`);
    else if ((type === 'container' || type === 'script' || type === 'containerSet') && sources[0] !== 'path') {
      ctx.report('error', 'invalid-value', from, `output parameter "${name}": a ${type} template reads outputs from a file, so valueFrom.path is required`);
    } else if (type === 'resource' && sources[0] !== 'jqFilter' && sources[0] !== 'jsonPath') {
      ctx.report('error', 'invalid-value', from, `output parameter "${name}": a resource template needs valueFrom.jsonPath or valueFrom.jqFilter`);
    } else if ((type === 'steps' || type === 'dag') && sources[0] !== 'parameter' && sources[0] !== 'expression') {
      ctx.report('error', 'invalid-value', from, `output parameter "${name}": a ${type} template needs valueFrom.parameter or valueFrom.expression`);
    }
  }
}

function checkArtifacts(ctx: LintContext, site: TemplateSite): void {
  const leaf = isLeafTemplate(site.template);
  for (const side of ['inputs', 'outputs'] as const) {
    for (const [artifact, i] of objEntries(objAt(site.template[side])?.['artifacts'])) {
      const path = [...site.path, side, 'artifacts', i];
      const name = strAt(artifact['name']) ?? '?';
      if (!leaf && artifact['path'] != null) {
        ctx.report('error', 'invalid-value', [...path, 'path'], `${side} artifact "${name}": path is only valid in container and script templates`, 'key');
      }
      if (side === 'inputs' && artifact['from'] != null) {
        ctx.report('error', 'invalid-value', [...path, 'from'], `input artifact "${name}": from is not valid in inputs (pass it as a step or task argument)`, 'key');
      }
      const type = templateTypesOf(site.template)[0];
      if (side === 'outputs' && leaf && type !== 'resource' && type !== 'http' && type !== 'plugin' && type !== 'data' && artifact['path'] == null) {
        ctx.report('error', 'required-field', path, `output artifact "${name}" needs a path (the file or directory to save)`);
      }
    }
  }
}
