import type { Arguments, Artifact, Parameter, Template } from '../spec/index.js';
import { EngineError } from './errors.js';

export interface ProcessedInputs {
  parameters: Parameter[];
  /** Input artifacts with where their content comes from. */
  artifacts: (Artifact & { fromArchive?: string; raw?: { data: string } })[];
}

/**
 * Binds a call's (already rendered) arguments to a template's declared inputs, as Argo's ProcessArgs:
 * default, then the argument's value; a parameter with neither is an error; enums are enforced.
 * `resolveFrom` turns an artifact's rendered `from` (an archive path) into something the executor can unpack.
 */
export function processInputs(template: Template, args: Arguments | undefined, where: string, renderDeclared: (text: string, where: string) => string): ProcessedInputs {
  const parameters: Parameter[] = [];
  for (const declared of template.inputs?.parameters ?? []) {
    const arg = args?.parameters?.find((p) => p.name === declared.name);
    // Only the template's own values are substituted here; argument values were rendered by the caller
    // and must not be substituted twice (a value containing {{...}} is data, not a variable).
    const own = declared.value ?? declared.default;
    let value = own !== undefined && arg?.value === undefined ? renderDeclared(String(own), `${where}.inputs.parameters.${declared.name}`) : own;
    if (arg?.value !== undefined) value = String(arg.value);
    else if (arg?.default !== undefined && value === undefined) value = String(arg.default);
    if (value === undefined) {
      throw new EngineError('ERR_ENGINE_PARAMETER_MISSING', `${where}: inputs.parameters.${declared.name} was not supplied`);
    }
    value = String(value);
    if (declared.enum && declared.enum.length > 0 && !declared.enum.map(String).includes(value)) {
      throw new EngineError('ERR_ENGINE_PARAMETER_INVALID',
        `${where}: inputs.parameters.${declared.name} value ${JSON.stringify(value)} is not one of the allowed values [${declared.enum.join(', ')}]`);
    }
    parameters.push({ name: declared.name, value });
  }
  const artifacts: ProcessedInputs['artifacts'] = [];
  for (const declared of template.inputs?.artifacts ?? []) {
    const arg = args?.artifacts?.find((a) => a.name === declared.name);
    const source = { ...declared, ...arg, path: declared.path ?? arg?.path };
    if (source.raw) {
      artifacts.push({ ...source, raw: source.raw as { data: string } });
    } else if (typeof source.from === 'string' && source.from !== '') {
      artifacts.push({ ...source, fromArchive: source.from });
    } else if (!declared.optional) {
      throw new EngineError('ERR_ENGINE_PARAMETER_MISSING', `${where}: inputs.artifacts.${declared.name} was not supplied`);
    }
  }
  return { parameters, artifacts };
}
