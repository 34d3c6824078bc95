import type { Path } from './diagnostic.js';
import type { LintContext } from './lint-context.js';
import { listInvocations } from './manifest-model.js';
import { isObj, objAt } from './read-values.js';

/** A list of parameters or artifacts somewhere in a workflow spec, with a phrase naming its owner. */
export interface NamedList {
  items: unknown[];
  path: Path;
  what: 'parameter' | 'artifact';
  owner: string;
}

/**
 * Every parameter and artifact list of a document: workflow arguments, template inputs and outputs,
 * step/task arguments and hook arguments. Names in these lists follow Argo's parameter-name rules.
 */
export function listNamedLists(ctx: LintContext): NamedList[] {
  const out: NamedList[] = [];
  const add = (holder: unknown, path: Path, owner: string) => {
    const obj = objAt(holder);
    if (!obj) return;
    for (const what of ['parameter', 'artifact'] as const) {
      const items = obj[`${what}s`];
      if (Array.isArray(items)) out.push({ items, path: [...path, `${what}s`], what, owner });
    }
  };
  const addHooks = (hooks: unknown, path: Path) => {
    if (!isObj(hooks)) return;
    for (const [event, hook] of Object.entries(hooks)) add(objAt(hook)?.['arguments'], [...path, event, 'arguments'], `hook "${event}" arguments`);
  };
  if (!ctx.site) return out;
  add(ctx.site.spec['arguments'], [...ctx.site.path, 'arguments'], 'workflow arguments');
  addHooks(ctx.site.spec['hooks'], [...ctx.site.path, 'hooks']);
  for (const site of ctx.templates) {
    add(site.template['inputs'], [...site.path, 'inputs'], 'inputs');
    add(site.template['outputs'], [...site.path, 'outputs'], 'outputs');
    for (const inv of listInvocations(site)) {
      add(inv.invocation['arguments'], [...inv.path, 'arguments'], `${inv.kind} arguments`);
      addHooks(inv.invocation['hooks'], [...inv.path, 'hooks']);
    }
  }
  return out;
}
