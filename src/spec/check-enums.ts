import type { Path } from './diagnostic.js';
import type { Check, LintContext } from './lint-context.js';
import { listCalls } from './list-calls.js';
import { listNamedLists } from './list-named-items.js';
import { isTemplated, objAt, objEntries, scalarAt, strAt, type Obj } from './read-values.js';

/**
 * A literal value must be one its parameter allows: a parameter's own value/default against its enum,
 * and a caller's argument against the called template's input enum. Values with `{{...}}` are only
 * known at run time and are left to the engine.
 */
export const checkEnums: Check = (ctx) => {
  for (const list of listNamedLists(ctx)) {
    if (list.what !== 'parameter') continue;
    for (const [param, i] of objEntries(list.items)) checkOwnEnum(ctx, param, [...list.path, i]);
  }
  for (const call of listCalls(ctx)) {
    if (call.resolution.status !== 'found') continue;
    const allowed = enumsOf(call.resolution.template);
    for (const [arg, i] of objEntries(objAt(call.arguments)?.['parameters'])) {
      const name = strAt(arg['name']);
      const values = name === undefined ? undefined : allowed.get(name);
      const value = scalarAt(arg['value']);
      // An argument with an enum of its own is checked against that one (checkOwnEnum), not twice.
      if (!values || value === undefined || isTemplated(value) || values.includes(value) || arg['enum'] != null) continue;
      const path: Path = call.entry ? [...call.path, 'parameters', i, 'value'] : [...call.path, 'arguments', 'parameters', i, 'value'];
      ctx.report('error', 'enum-violation', path,
        `${call.caller} passes "${value}" for parameter "${name}" of ${call.resolution.label}, which allows only ${formatList(values)}`);
    }
  }
};

function checkOwnEnum(ctx: LintContext, param: Obj, path: Path): void {
  const list = param['enum'];
  if (list === undefined || list === null) return;
  const name = strAt(param['name']) ?? '?';
  if (!Array.isArray(list) || list.length === 0) {
    ctx.report('error', 'invalid-value', [...path, 'enum'], `parameter "${name}": enum must be a non-empty list of values`);
    return;
  }
  const values = list.map(scalarAt).filter((v): v is string => v !== undefined);
  for (const field of ['value', 'default'] as const) {
    const value = scalarAt(param[field]);
    if (value === undefined || isTemplated(value) || values.includes(value)) continue;
    ctx.report('error', 'enum-violation', [...path, field], `parameter "${name}": ${field} "${value}" is not one of its enum values ${formatList(values)}`);
  }
}

function enumsOf(template: Obj): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [param] of objEntries(objAt(template['inputs'])?.['parameters'])) {
    const name = strAt(param['name']);
    const list = param['enum'];
    if (name !== undefined && Array.isArray(list) && list.length > 0) out.set(name, list.map(scalarAt).filter((v): v is string => v !== undefined));
  }
  return out;
}

function formatList(values: string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}
