import type { LintContext } from './lint-context.js';
import { isLeafTemplate, listInvocations, templateTypesOf, type InvocationSite, type TemplateSite } from './manifest-model.js';
import { isObj, listAt, objAt, objEntries, strAt, type Obj } from './read-values.js';
import { extendScope, type ReferenceScope } from './reference-scope.js';
import { resolveInvocation, type Resolution } from './resolve-invocation.js';
import { buildDagGraphs } from './dag-graph.js';

/** Scope inside a template: the global scope plus its inputs (and, for inline templates, the caller's). */
export function buildTemplateScope(site: TemplateSite, outer: ReferenceScope): ReferenceScope {
  const name = strAt(site.template['name']);
  const scope = extendScope(outer, name !== undefined ? `template "${name}"` : 'the inline template');
  const inputs = objAt(site.template['inputs']);
  const leaf = isLeafTemplate(site.template);
  const params = objEntries(inputs?.['parameters']);
  if (params.length > 0) scope.tags.add('inputs.parameters');
  for (const [param] of params) {
    const p = strAt(param['name']);
    if (p !== undefined) scope.tags.add(`inputs.parameters.${p}`);
  }
  for (const [artifact] of objEntries(inputs?.['artifacts'])) {
    const a = strAt(artifact['name']);
    if (a === undefined) continue;
    scope.tags.add(`inputs.artifacts.${a}`);
    if (leaf) scope.tags.add(`inputs.artifacts.${a}.path`);
  }
  if (leaf) scope.tags.add('pod.name');
  return scope;
}

/** The outputs a finished step or task exposes under `prefix` (Argo addOutputsToScope). */
export function addNodeOutputs(scope: ReferenceScope, prefix: string, res: Resolution, aggregate: boolean): void {
  for (const f of ['id', 'startedAt', 'finishedAt', 'hostNodeName', 'status']) scope.tags.add(`${prefix}.${f}`);
  if (res.status !== 'found') {
    scope.open.push(`${prefix}.`);
    return;
  }
  const t = res.template;
  if (t['daemon'] === true) scope.tags.add(`${prefix}.ip`);
  if (isLeafTemplate(t)) {
    scope.tags.add(`${prefix}.outputs.result`);
    scope.tags.add(`${prefix}.exitCode`);
  }
  const outputs = objAt(t['outputs']);
  for (const what of ['parameters', 'artifacts'] as const) {
    for (const [item] of objEntries(outputs?.[what])) {
      const name = strAt(item['name']);
      if (name !== undefined) scope.tags.add(`${prefix}.outputs.${what}.${name}`);
    }
  }
  if (aggregate) {
    scope.tags.add(`${prefix}.outputs.parameters`);
    const type = templateTypesOf(t)[0];
    if (type === 'script' || type === 'containerSet') scope.tags.add(`${prefix}.outputs.result`);
  }
}

const isLooped = (inv: Obj) => ['withItems', 'withParam'].some((f) => inv[f] !== undefined && inv[f] !== null);

/** Scope of each step/task of a template, plus the scope of the template's own outputs. */
export function buildInvocationScopes(ctx: LintContext, site: TemplateSite, base: ReferenceScope): { scopes: Map<InvocationSite, ReferenceScope>; outputs: ReferenceScope } {
  const invocations = listInvocations(site);
  const resolved = new Map(invocations.map((inv) => [inv, resolveInvocation(inv.invocation, ctx.local, ctx.library)]));
  const outputs = extendScope(base);
  for (const inv of invocations) {
    if (inv.name === undefined) continue;
    outputs.nodes.set(inv.name, { visible: true, callee: labelOf(resolved.get(inv)) });
    addNodeOutputs(outputs, `${inv.kind}s.${inv.name}`, resolved.get(inv)!, isLooped(inv.invocation));
  }
  const ancestry = ancestorsOf(site);
  const scopes = new Map<InvocationSite, ReferenceScope>();
  for (const inv of invocations) {
    const scope = extendScope(base);
    for (const other of invocations) {
      if (other.name === undefined) continue;
      const why = hiddenBecause(inv, other, ancestry);
      scope.nodes.set(other.name, why === undefined ? { visible: true, callee: labelOf(resolved.get(other)) } : { visible: false, why });
      if (why === undefined) addNodeOutputs(scope, `${other.kind}s.${other.name}`, resolved.get(other)!, isLooped(other.invocation));
    }
    if (inv.name !== undefined) scope.tags.add(`${inv.kind}s.${inv.name}.status`);
    addItems(scope, inv.invocation);
    scopes.set(inv, scope);
  }
  return { scopes, outputs };
}

function labelOf(res: Resolution | undefined): string | undefined {
  return res?.status === 'found' ? res.label : undefined;
}

/** Why `other`'s outputs are not available to `inv`, or undefined when they are. */
function hiddenBecause(inv: InvocationSite, other: InvocationSite, ancestry: Map<string, Set<string>>): string | undefined {
  if (inv.kind === 'step') {
    if (other.group < inv.group) return undefined;
    if (other === inv) return `step "${inv.name}" cannot read its own outputs`;
    return other.group === inv.group
      ? `step "${other.name}" runs in parallel with "${inv.name}" (same group), so its outputs are not ready`
      : `step "${other.name}" runs after "${inv.name}" (a later group)`;
  }
  if (inv.name !== undefined && ancestry.get(inv.name)?.has(other.name!)) return undefined;
  if (other === inv) return `task "${inv.name}" cannot read its own outputs`;
  return `task "${other.name}" is not a dependency of "${inv.name}": add it to depends or dependencies`;
}

/** For each DAG task, every task it depends on directly or indirectly. */
function ancestorsOf(site: TemplateSite): Map<string, Set<string>> {
  const graph = buildDagGraphs(site).find((g) => g.kind === 'task');
  const direct = new Map((graph?.nodes ?? []).map((n) => [n.name, n.edges.map((e) => e.from)]));
  const out = new Map<string, Set<string>>();
  for (const name of direct.keys()) {
    const seen = new Set<string>();
    const todo = [...(direct.get(name) ?? [])];
    while (todo.length > 0) {
      const next = todo.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      todo.push(...(direct.get(next) ?? []));
    }
    out.set(name, seen);
  }
  return out;
}

/** Loop variables: `item` for every loop, plus `item.KEY` / `item.[i]` for withItems entries (Argo addItemsToScope). */
function addItems(scope: ReferenceScope, inv: Obj): void {
  if (inv['withParam'] !== undefined || inv['withSequence'] !== undefined) {
    scope.items = inv['withParam'] !== undefined ? 'any' : 'listed';
    scope.tags.add('item');
  }
  const items = inv['withItems'];
  if (!Array.isArray(items)) return;
  scope.items = 'listed';
  scope.tags.add('item');
  for (const item of items) {
    if (Array.isArray(item)) listAt(item).forEach((_, i) => scope.tags.add(`item.[${i}]`));
    else if (isObj(item)) for (const key of Object.keys(item)) scope.tags.add(`item.${key}`);
  }
}
