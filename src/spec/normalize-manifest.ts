import { isObj } from './read-values.js';

const PARAMETER_SCALARS = ['value', 'default'];

/**
 * A deep copy in which parameter values are strings, as Argo's AnyString reads them: `value: 3` and
 * `value: true` (YAML numbers and booleans) become "3" and "true", so the engine handles one type.
 */
export function normalizeManifest<T>(manifest: T): T {
  const copy = structuredClone(manifest);
  visit(copy);
  return copy;
}

function visit(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(visit);
    return;
  }
  if (!isObj(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'parameters' && Array.isArray(child)) child.forEach(normalizeParameter);
    visit(child);
  }
}

function normalizeParameter(param: unknown): void {
  if (!isObj(param)) return;
  for (const field of PARAMETER_SCALARS) param[field] = asString(param[field]);
  if (Array.isArray(param['enum'])) param['enum'] = param['enum'].map(asString);
  if (isObj(param['valueFrom'])) param['valueFrom']['default'] = asString(param['valueFrom']['default']);
  for (const field of [...PARAMETER_SCALARS]) if (param[field] === undefined) delete param[field];
  if (isObj(param['valueFrom']) && param['valueFrom']['default'] === undefined) delete param['valueFrom']['default'];
}

function asString(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}
