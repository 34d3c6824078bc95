import { buildDagGraphs } from './dag-graph.js';
import type { LintContext } from './lint-context.js';
import { isLeafTemplate, listInvocations, templateTypesOf, type InvocationSite, type TemplateSite } from './manifest-model.js';
import { isObj, listAt, objAt, objEntries, strAt, type Obj } from './read-values.js';
import { childScope, type NodeKind, type NodeOutputs, type NodeView, type ReferenceScope } from './reference-scope.js';
import { resolveInvocation, type Resolution } from './resolve-invocation.js';

/** Scope inside a template: its inputs over the outer scope (global, or an inline template's caller). */
export function buildTemplateScope(site: TemplateSite, outer: ReferenceScope): ReferenceScope {
  const name = strAt(site.template['name']);
  const scope = childScope(outer, { owner: name !== undefined ? `template "${name}"` : 'the inline template' });
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

/** What a finished step or task exposes (Argo addOutputsToScope), as suffixes after `steps.NAME.`. */
export function nodeOutputs(res: Resolution, aggregate: boolean): NodeOutputs {
  const tags = new Set(['id', 'startedAt', 'finishedAt', 'hostNodeName', 'status']);
  if (res.status !== 'found') return { tags, open: true };
  const t = res.template;
  if (t['daemon'] === true) tags.add('ip');
  if (isLeafTemplate(t)) {
    tags.add('outputs.result');
    tags.add('exitCode');
  }
  const outputs = objAt(t['outputs']);
  for (const what of ['parameters', 'artifacts'] as const) {
    for (const [item] of objEntries(outputs?.[what])) {
      const name = strAt(item['name']);
      if (name !== undefined) tags.add(`outputs.${what}.${name}`);
    }
  }
  if (aggregate) {
    tags.add('outputs.parameters');
    const type = templateTypesOf(t)[0];
    if (type === 'script' || type === 'containerSet') tags.add('outputs.result');
  }
  return { tags, open: false, callee: res.label };
}

const isLooped = (inv: Obj) => ['withItems', 'withParam'].some((f) => inv[f] !== undefined && inv[f] !== null);

/** The steps or tasks of one template with their outputs, and who may see whom. */
export class TemplateNodes {
  readonly invocations: InvocationSite[];
  readonly #byName = new Map<string, InvocationSite>();
  readonly #outputs = new Map<InvocationSite, NodeOutputs>();
  readonly #deps: Map<string, string[]>;

  constructor(ctx: LintContext, site: TemplateSite) {
    this.invocations = listInvocations(site);
    for (const inv of this.invocations) {
      if (inv.name !== undefined && !this.#byName.has(inv.name)) this.#byName.set(inv.name, inv);
      this.#outputs.set(inv, nodeOutputs(resolveInvocation(inv.invocation, ctx.local, ctx.library), isLooped(inv.invocation)));
    }
    const graph = buildDagGraphs(site).find((g) => g.kind === 'task');
    this.#deps = new Map((graph?.nodes ?? []).map((n) => [n.name, n.edges.map((e) => e.from)]));
  }

  /** Scope of the template's own fields (outputs may read every step or task). */
  templateScope(base: ReferenceScope): ReferenceScope {
    return childScope(base, { node: (kind, name) => this.#view(kind, name, () => undefined) });
  }

  /** Scope of one step or task: earlier groups / dependencies, its loop variables, its own status. */
  invocationScope(base: ReferenceScope, inv: InvocationSite): ReferenceScope {
    const scope = childScope(base, { node: (kind, name) => this.#view(kind, name, (other) => this.#hiddenBecause(inv, other)) });
    if (inv.name !== undefined) scope.tags.add(`${inv.kind}s.${inv.name}.status`);
    addItems(scope, inv.invocation);
    return scope;
  }

  /** Scope of a step's hooks, which run after it and may read its own outputs (Argo HasExitHook). */
  hookScope(invocationScope: ReferenceScope, inv: InvocationSite): ReferenceScope {
    const own = this.#outputs.get(inv);
    return childScope(invocationScope, { node: (kind, name) => (kind === `${inv.kind}s` && name === inv.name ? { visible: true, outputs: own } : undefined) });
  }

  #view(kind: NodeKind, name: string, hidden: (other: InvocationSite) => string | undefined): NodeView | undefined {
    const other = this.#byName.get(name);
    if (!other || `${other.kind}s` !== kind) return undefined;
    const why = hidden(other);
    return why === undefined ? { visible: true, outputs: this.#outputs.get(other) } : { visible: false, why };
  }

  #hiddenBecause(inv: InvocationSite, other: InvocationSite): string | undefined {
    if (inv.kind === 'step') {
      if (other.group < inv.group) return undefined;
      if (other === inv) return `step "${inv.name}" cannot read its own outputs`;
      return other.group === inv.group
        ? `step "${other.name}" runs in parallel with "${inv.name}" (same group), so its outputs are not ready`
        : `step "${other.name}" runs after "${inv.name}" (a later group)`;
    }
    if (other === inv) return `task "${inv.name}" cannot read its own outputs`;
    if (inv.name !== undefined && other.name !== undefined && this.#dependsOn(inv.name, other.name)) return undefined;
    return `task "${other.name}" is not a dependency of "${inv.name}": add it to depends or dependencies`;
  }

  /** True when `task` depends on `ancestor` directly or indirectly (searched on demand, cycle-safe). */
  #dependsOn(task: string, ancestor: string): boolean {
    const seen = new Set<string>();
    const todo = [...(this.#deps.get(task) ?? [])];
    while (todo.length > 0) {
      const next = todo.pop()!;
      if (next === ancestor) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      todo.push(...(this.#deps.get(next) ?? []));
    }
    return false;
  }
}

/** Loop variables: `item` for every loop, plus `item.KEY` / `item.[i]` for withItems entries (Argo addItemsToScope). */
function addItems(scope: ReferenceScope, inv: Obj): void {
  if (inv['withParam'] != null || inv['withSequence'] != null) {
    scope.items = inv['withParam'] != null ? 'any' : 'listed';
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
