/**
 * What `{{...}}` tags resolve to at one place in a workflow (Argo's validation scope). Scopes form a
 * chain (global -> template -> step or task) and are never copied, so a DAG of thousands of tasks is
 * checked in linear time. Steps and tasks are looked up lazily through `node`.
 */
export interface ReferenceScope {
  parent?: ReferenceScope;
  /** Exact tags, e.g. `inputs.parameters.msg`. */
  tags: Set<string>;
  /** Prefixes under which anything resolves (a WorkflowTemplate's parameters, run-time-only variables). */
  open: string[];
  /** Loop variables: 'inherit' defers to the parent. */
  items: 'none' | 'any' | 'listed' | 'inherit';
  owner?: string;
  /** A step or task of the enclosing template by name; undefined defers to the parent. */
  node?: (kind: NodeKind, name: string) => NodeView | undefined;
}

export type NodeKind = 'steps' | 'tasks';

/** What a finished step or task exposes, as suffixes after `steps.NAME.` (`outputs.result`, `status`...). */
export interface NodeOutputs {
  tags: Set<string>;
  /** The called template is only known at run time: any suffix resolves. */
  open: boolean;
  callee?: string;
}

export interface NodeView {
  visible: boolean;
  why?: string;
  outputs?: NodeOutputs;
}

/** Argo only validates tags under these roots (common.GlobalVarValidWorkflowVariablePrefix) plus bare `item`. */
const VALIDATED_ROOTS = ['item.', 'steps.', 'inputs.', 'outputs.', 'pod.', 'workflow.', 'tasks.'];

/** True when lint must resolve this tag; other tags (`{{retries}}`, `{{node.name}}`) are left to run time. */
export function isValidatedTag(tag: string): boolean {
  return tag === 'item' || tag.startsWith('item[') || VALIDATED_ROOTS.some((root) => tag.startsWith(root));
}

/** A scope under `parent`. */
export function childScope(parent: ReferenceScope | undefined, init: Partial<ReferenceScope> = {}): ReferenceScope {
  return { parent, tags: new Set(), open: [], items: 'inherit', ...init };
}

function* chain(scope: ReferenceScope): Generator<ReferenceScope> {
  for (let s: ReferenceScope | undefined = scope; s; s = s.parent) yield s;
}

/** The loop-variable mode in effect. */
export function itemsOf(scope: ReferenceScope): 'none' | 'any' | 'listed' {
  for (const s of chain(scope)) if (s.items !== 'inherit') return s.items;
  return 'none';
}

function ownerOf(scope: ReferenceScope): string {
  for (const s of chain(scope)) if (s.owner) return s.owner;
  return 'the workflow';
}

/** The nearest view of a step or task. */
export function nodeOf(scope: ReferenceScope, kind: NodeKind, name: string): NodeView | undefined {
  for (const s of chain(scope)) {
    const view = s.node?.(kind, name);
    if (view) return view;
  }
  return undefined;
}

const isItemTag = (tag: string) => tag === 'item' || tag.startsWith('item.') || tag.startsWith('item[');

function splitNodeTag(tag: string): { kind: NodeKind; name: string; rest: string } | undefined {
  const [root, name, ...rest] = tag.split('.');
  if ((root !== 'steps' && root !== 'tasks') || name === undefined) return undefined;
  return { kind: root, name, rest: rest.join('.') };
}

/** True when the tag (a simple placeholder) resolves in the scope. */
export function tagResolves(scope: ReferenceScope, tag: string): boolean {
  for (const s of chain(scope)) {
    if (s.tags.has(tag) || s.open.some((p) => tag.startsWith(p))) return true;
  }
  if (itemsOf(scope) === 'any' && isItemTag(tag)) return true;
  const node = splitNodeTag(tag);
  if (!node) return false;
  const view = nodeOf(scope, node.kind, node.name);
  return view?.visible === true && view.outputs !== undefined && (view.outputs.open || view.outputs.tags.has(node.rest));
}

/** Tags that are maps of other tags: reading below them needs the named entry to exist. */
const CONTAINERS = new Set([
  'inputs.parameters', 'workflow.parameters', 'workflow.labels', 'workflow.annotations', 'outputs.parameters',
]);

/**
 * True when an expression path resolves: it names a tag, an object holding tags (`inputs.parameters`),
 * or reads inside a tag's value (`jsonpath(workflow.parameters.cfg, ...)` reads the whole value).
 */
export function pathResolves(scope: ReferenceScope, tag: string): boolean {
  if (tagResolves(scope, tag)) return true;
  const above = dotPrefixes(tag);
  for (const s of chain(scope)) {
    if (s.open.some((p) => p.startsWith(`${tag}.`))) return true;
    if (prefixesOf(s).has(tag)) return true;
    if (above.some((known) => s.tags.has(known) && !CONTAINERS.has(known))) return true;
  }
  const node = splitNodeTag(tag);
  if (!node) return false;
  const view = nodeOf(scope, node.kind, node.name);
  if (view?.visible !== true || !view.outputs) return false;
  if (node.rest === '' || view.outputs.open) return true;
  for (const known of view.outputs.tags) if (known.startsWith(`${node.rest}.`) || (!CONTAINERS.has(known) && node.rest.startsWith(`${known}.`))) return true;
  return false;
}

/** `a.b.c` -> [`a`, `a.b`]: the tags a path could read inside of. */
function dotPrefixes(tag: string): string[] {
  const out: string[] = [];
  for (let i = tag.indexOf('.'); i !== -1; i = tag.indexOf('.', i + 1)) out.push(tag.slice(0, i));
  return out;
}

// Every proper dot-prefix of a scope's tags, computed once per scope (scopes are complete before checks run).
const PREFIX_CACHE = new WeakMap<ReferenceScope, Set<string>>();

function prefixesOf(scope: ReferenceScope): Set<string> {
  let set = PREFIX_CACHE.get(scope);
  if (!set) {
    set = new Set([...scope.tags].flatMap(dotPrefixes));
    PREFIX_CACHE.set(scope, set);
  }
  return set;
}

/** Why a tag does not resolve, in terms of the workflow ("template \"x\" has no input parameter \"y\""). */
export function explainUnresolved(scope: ReferenceScope, tag: string): string {
  const parts = tag.split('.');
  const [root, second, third] = parts;
  if (root !== undefined && isItemTag(root)) {
    return itemsOf(scope) === 'none'
      ? `{{${tag}}} is only defined in a step or task with withItems, withParam or withSequence`
      : `{{${tag}}}: the withItems entries have no such key`;
  }
  if (root === 'inputs' && third !== undefined) {
    return `{{${tag}}}: ${ownerOf(scope)} has no input ${second === 'artifacts' ? 'artifact' : 'parameter'} "${parts.slice(2).join('.')}"`;
  }
  if (root === 'workflow' && second === 'parameters' && third !== undefined) return `{{${tag}}}: the workflow has no parameter "${third}" in spec.arguments.parameters`;
  const node = splitNodeTag(tag);
  if (node) {
    const kind = node.kind === 'steps' ? 'step' : 'task';
    const view = nodeOf(scope, node.kind, node.name);
    if (!view) return `{{${tag}}}: ${ownerOf(scope)} has no ${kind} named "${node.name}"`;
    if (!view.visible) return `{{${tag}}}: ${view.why ?? `${kind} "${node.name}" is not visible here`}`;
    return `{{${tag}}}: ${kind} "${node.name}"${view.outputs?.callee ? ` (${view.outputs.callee})` : ''} has no "${node.rest}"`;
  }
  return `{{${tag}}} does not resolve to any variable here`;
}
