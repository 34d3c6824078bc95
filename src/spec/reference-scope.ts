/**
 * What `{{...}}` tags resolve to at one place in a workflow (Argo's validation scope). `tags` are exact
 * names, `open` are prefixes under which anything goes (a step whose template is only known at run time,
 * parameters of a WorkflowTemplate that callers supply), `nodes` explains steps/tasks that are not visible.
 */
export interface ReferenceScope {
  tags: Set<string>;
  open: string[];
  items: 'none' | 'any' | 'listed';
  owner: string;
  /** Steps or tasks of the enclosing template, by name: visible ones resolve, others carry the reason. */
  nodes: Map<string, { visible: boolean; why?: string; callee?: string }>;
}

/** Argo only validates tags under these roots (common.GlobalVarValidWorkflowVariablePrefix) plus bare `item`. */
const VALIDATED_ROOTS = ['item.', 'steps.', 'inputs.', 'outputs.', 'pod.', 'workflow.', 'tasks.'];

/** True when lint must resolve this tag; other tags (`{{retries}}`, `{{node.name}}`) are left to run time. */
export function isValidatedTag(tag: string): boolean {
  return tag === 'item' || tag.startsWith('item[') || VALIDATED_ROOTS.some((root) => tag.startsWith(root));
}

/** An empty scope. */
export function newScope(owner: string): ReferenceScope {
  return { tags: new Set(), open: [], items: 'none', owner, nodes: new Map() };
}

/** A copy that can be extended without changing the original. */
export function extendScope(scope: ReferenceScope, owner = scope.owner): ReferenceScope {
  return { tags: new Set(scope.tags), open: [...scope.open], items: scope.items, owner, nodes: new Map(scope.nodes) };
}

/** True when the tag (a simple placeholder) resolves in the scope. */
export function tagResolves(scope: ReferenceScope, tag: string): boolean {
  if (scope.tags.has(tag) || scope.open.some((p) => tag.startsWith(p))) return true;
  if (scope.items === 'any' && (tag === 'item' || tag.startsWith('item.') || tag.startsWith('item['))) return true;
  return false;
}

/**
 * True when an expression path resolves: it names a tag, an object holding tags (`inputs.parameters`),
 * or reads inside a tag's value (`jsonpath(workflow.parameters.cfg, ...)` reads the whole value).
 */
export function pathResolves(scope: ReferenceScope, tag: string): boolean {
  if (tagResolves(scope, tag)) return true;
  if (scope.open.some((p) => p.startsWith(`${tag}.`))) return true;
  for (const known of scope.tags) {
    if (known.startsWith(`${tag}.`) || tag.startsWith(`${known}.`)) return true;
  }
  return false;
}

/** Why a tag does not resolve, in terms of the workflow ("template \"x\" has no input parameter \"y\""). */
export function explainUnresolved(scope: ReferenceScope, tag: string): string {
  const parts = tag.split('.');
  const [root, second, third] = parts;
  if (root === 'item' || root?.startsWith('item[')) {
    return scope.items === 'none'
      ? `{{${tag}}} is only defined in a step or task with withItems, withParam or withSequence`
      : `{{${tag}}}: the withItems entries have no such key`;
  }
  if (root === 'inputs' && third !== undefined) return `{{${tag}}}: ${scope.owner} has no input ${second === 'artifacts' ? 'artifact' : 'parameter'} "${parts.slice(2).join('.')}"`;
  if (root === 'workflow' && second === 'parameters' && third !== undefined) return `{{${tag}}}: the workflow has no parameter "${third}" in spec.arguments.parameters`;
  if ((root === 'steps' || root === 'tasks') && second !== undefined) {
    const kind = root === 'steps' ? 'step' : 'task';
    const node = scope.nodes.get(second);
    if (!node) return `{{${tag}}}: ${scope.owner} has no ${kind} named "${second}"`;
    if (!node.visible) return `{{${tag}}}: ${node.why ?? `${kind} "${second}" is not visible here`}`;
    return `{{${tag}}}: ${kind} "${second}"${node.callee ? ` (${node.callee})` : ''} has no "${parts.slice(2).join('.')}"`;
  }
  return `{{${tag}}} does not resolve to any variable here`;
}
