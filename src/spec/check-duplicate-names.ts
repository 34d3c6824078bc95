import { formatPath, type Path } from './diagnostic.js';
import type { Check, LintContext } from './lint-context.js';
import { listNamedLists } from './list-named-items.js';
import { listInvocations } from './manifest-model.js';
import { objEntries, strAt } from './read-values.js';

/**
 * Names that identify something must be unique where they are looked up: templates in a spec, steps in
 * a steps template (across all groups), tasks in a DAG, and each parameter/artifact list.
 */
export const checkDuplicateNames: Check = (ctx) => {
  if (!ctx.site) return;
  const templates = objEntries(ctx.site.spec['templates']).map(([t, i]) => ({ name: strAt(t['name']), path: [...ctx.site!.path, 'templates', i, 'name'] }));
  reportDuplicates(ctx, templates, 'template');
  for (const site of ctx.templates) {
    const invocations = listInvocations(site);
    reportDuplicates(ctx, invocations.filter((i) => i.kind === 'step').map((i) => ({ name: i.name, path: [...i.path, 'name'] })), 'step');
    reportDuplicates(ctx, invocations.filter((i) => i.kind === 'task').map((i) => ({ name: i.name, path: [...i.path, 'name'] })), 'task');
  }
  for (const list of listNamedLists(ctx)) {
    const named = objEntries(list.items).map(([item, i]) => ({ name: strAt(item['name']), path: [...list.path, i, 'name'] }));
    reportDuplicates(ctx, named, `${list.owner} ${list.what}`);
  }
};

function reportDuplicates(ctx: LintContext, entries: Array<{ name: string | undefined; path: Path }>, what: string): void {
  const seen = new Map<string, Path>();
  for (const { name, path } of entries) {
    if (name === undefined) continue;
    const first = seen.get(name);
    if (first) ctx.report('error', 'duplicate-name', path, `${what} name "${name}" is already used (first at ${formatPath(first.slice(0, -1))})`);
    else seen.set(name, path);
  }
}
