import type { Parameter, Template } from '../spec/index.js';
import { evaluateExpression } from '../expr/index.js';
import { EngineError } from './errors.js';
import { render } from './render.js';
import { itemText, type Scope } from './scope.js';
import type { RunView } from './run-view.js';
import type { NodeOutputs } from './types.js';

function outputValue(p: Parameter, scope: Scope, where: string): string {
  const vf = p.valueFrom;
  try {
    if (vf?.parameter !== undefined) return render(vf.parameter, scope, where);
    if (vf?.expression !== undefined) {
      const value = evaluateExpression(vf.expression, scope.env());
      if (value !== null && value !== undefined) return itemText(value);
      throw new EngineError('ERR_ENGINE_PARAMETER_MISSING', `${where}: expression ${JSON.stringify(vf.expression)} evaluated to nil`);
    }
    if (p.value !== undefined) return render(String(p.value), scope, where);
  } catch (err) {
    if (vf?.default !== undefined) return String(vf.default);
    throw err;
  }
  if (vf?.default !== undefined) return String(vf.default);
  throw new EngineError('ERR_ENGINE_PARAMETER_MISSING', `${where}: output parameter has no value`);
}

/**
 * Outputs of a steps/DAG template, computed from its scope once its children are done
 * (valueFrom.parameter, valueFrom.expression, value, default; artifacts by `from`).
 */
export function templateOutputs(view: RunView, t: Template, scope: Scope, nodeName: string): NodeOutputs | undefined {
  const declared = t.outputs;
  if (!declared?.parameters?.length && !declared?.artifacts?.length) return undefined;
  const parameters = (declared.parameters ?? []).map((p) => ({ name: p.name, value: outputValue(p, scope, `${nodeName}.outputs.parameters.${p.name}`) }));
  const artifacts = (declared.artifacts ?? []).filter((a) => typeof a.from === 'string').map((a) => ({
    name: a.name, keyflowArchive: render(String(a.from), scope, `${nodeName}.outputs.artifacts.${a.name}.from`),
  }));
  publishGlobals(view, t, { parameters, artifacts });
  return {
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(artifacts.length > 0 ? { artifacts } : {}),
  };
}

/** Copies outputs that declare a globalName into workflow.outputs (Argo's global outputs). */
export function publishGlobals(view: RunView, t: Template, outputs: NodeOutputs): void {
  for (const p of t.outputs?.parameters ?? []) {
    if (!p.globalName) continue;
    const value = outputs.parameters?.find((x) => x.name === p.name)?.value;
    if (value !== undefined) view.run = { ...view.run, outputs: { ...view.run.outputs, parameters: { ...view.run.outputs.parameters, [p.globalName]: value } } };
  }
  for (const a of t.outputs?.artifacts ?? []) {
    if (!a.globalName) continue;
    const archive = outputs.artifacts?.find((x) => x.name === a.name)?.keyflowArchive;
    if (archive !== undefined) view.run = { ...view.run, outputs: { ...view.run.outputs, artifacts: { ...view.run.outputs.artifacts, [a.globalName]: archive } } };
  }
}
