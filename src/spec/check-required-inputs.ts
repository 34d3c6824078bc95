import type { Check } from './lint-context.js';
import { listCalls, type Call } from './list-calls.js';
import { objAt, objEntries, strAt, type Obj } from './read-values.js';

const ARTIFACT_SOURCES = ['from', 'fromExpression', 'raw', 's3', 'gcs', 'git', 'http', 'azure', 'oss', 'hdfs', 'artifactory', 'plugin'];

/**
 * A caller must supply every input of the called template that has no value of its own: a parameter
 * without value, default or valueFrom, an artifact that is not optional and has no source (Argo
 * ProcessArgs: "inputs.parameters.x was not supplied").
 */
export const checkRequiredInputs: Check = (ctx) => {
  for (const call of listCalls(ctx)) {
    if (call.resolution.status !== 'found') continue;
    const inputs = objAt(call.resolution.template['inputs']);
    for (const what of ['parameters', 'artifacts'] as const) {
      const supplied = suppliedNames(call, what);
      for (const [input] of objEntries(inputs?.[what])) {
        const name = strAt(input['name']);
        if (name === undefined || supplied.has(name) || !isRequired(input, what)) continue;
        const noun = what === 'parameters' ? 'parameter' : 'artifact';
        const where = call.entry ? `: add it to spec.arguments.${what}` : '';
        ctx.report('error', 'missing-argument', call.path,
          `${call.caller} calls ${call.resolution.label} without its required input ${noun} "${name}"${where}`);
      }
    }
  }
};

function suppliedNames(call: Call, what: 'parameters' | 'artifacts'): Set<string> {
  const names = new Set<string>();
  for (const args of [call.arguments, ...call.moreArguments]) {
    for (const [item] of objEntries(args?.[what])) {
      const name = strAt(item['name']);
      if (name !== undefined) names.add(name);
    }
  }
  return names;
}

function isRequired(input: Obj, what: 'parameters' | 'artifacts'): boolean {
  if (what === 'parameters') return input['value'] == null && input['default'] == null && input['valueFrom'] == null;
  return input['optional'] !== true && !ARTIFACT_SOURCES.some((f) => input[f] !== undefined && input[f] !== null);
}
