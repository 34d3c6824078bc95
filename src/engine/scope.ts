import type { Parameter } from '../spec/index.js';
import type { RunView } from './run-view.js';
import type { NodeStatus } from './types.js';
import { workflowVariable, workflowEnv } from './workflow-variables.js';
import { nodeVariable, nodeEnv, aggregateVariable, aggregateEnv } from './node-variables.js';

/** How sibling steps/tasks are found: by invocation name, a single node or an expanded group. */
export interface SiblingLookup {
  find(name: string): { node: NodeStatus; expanded?: NodeStatus[] } | undefined;
  /** Names of the siblings that exist so far (for expressions, which see all of them). */
  names(): string[];
}

export interface ScopeInit {
  view: RunView;
  inputs?: Parameter[];
  inputArtifacts?: { name: string; path?: string }[];
  /** `steps` inside a steps template, `tasks` inside a DAG. */
  siblingsKind?: 'steps' | 'tasks';
  siblings?: SiblingLookup;
  item?: { value: unknown };
  retries?: number;
  podName?: string;
  nodeName?: string;
  /** Output declarations, for {{outputs.parameters.x.path}}. */
  outputs?: { parameters?: Parameter[]; artifacts?: { name: string; path?: string }[] };
  /** Extra expression-only variables (e.g. lastRetry for retryStrategy.expression). */
  extraEnv?: Record<string, unknown>;
}

/** Formats an item the way Argo prints it into strings: objects/arrays as JSON, scalars as-is. */
export function itemText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The variables visible to one template evaluation (Argo's wfScope + globalParams). Lookups are lazy:
 * nothing is computed for names a template never mentions, which keeps big DAGs cheap.
 */
export class Scope {
  readonly init: ScopeInit;
  #env: Record<string, unknown> | undefined;

  constructor(init: ScopeInit) {
    this.init = init;
  }

  /** The string value of a simple `{{name}}`, or undefined when the name is unknown here. */
  lookup(name: string): string | undefined {
    const { init } = this;
    const parts = name.split('.');
    const head = parts[0];
    switch (head) {
      case 'workflow': return workflowVariable(init.view, parts.slice(1));
      case 'inputs': return this.#inputVariable(parts.slice(1));
      case 'outputs': return this.#outputPathVariable(parts.slice(1));
      case 'item': return this.#itemVariable(parts.slice(1));
      case 'retries': return parts.length === 1 && init.retries !== undefined ? String(init.retries) : undefined;
      case 'pod': return parts[1] === 'name' && init.podName ? init.podName : undefined;
      case 'node': return parts[1] === 'name' && init.nodeName ? init.nodeName : undefined;
      case 'steps': case 'tasks': return this.#siblingVariable(head, parts.slice(1));
      default: return undefined;
    }
  }

  /** The nested object `{{= expr}}` expressions see (built once, on first use). */
  env(): Record<string, unknown> {
    if (this.#env) return this.#env;
    const { init } = this;
    const inputs: Record<string, unknown> = { parameters: Object.fromEntries((init.inputs ?? []).map((p) => [p.name, p.value ?? ''])) };
    inputs.artifacts = Object.fromEntries((init.inputArtifacts ?? []).map((a) => [a.name, { path: a.path }]));
    const env: Record<string, unknown> = { workflow: workflowEnv(init.view), inputs, ...init.extraEnv };
    if (init.item) env.item = init.item.value;
    if (init.retries !== undefined) env.retries = init.retries;
    if (init.siblingsKind && init.siblings) env[init.siblingsKind] = siblingEnv(init.siblings);
    this.#env = env;
    return env;
  }

  #inputVariable(rest: string[]): string | undefined {
    const [kind, name, field] = rest;
    if (kind === 'parameters') {
      if (name === undefined) return JSON.stringify(this.init.inputs ?? []);
      const p = this.init.inputs?.find((x) => x.name === rest.slice(1).join('.'));
      return p?.value;
    }
    if (kind === 'artifacts' && field === 'path') return this.init.inputArtifacts?.find((a) => a.name === name)?.path;
    return undefined;
  }

  #outputPathVariable(rest: string[]): string | undefined {
    const [kind, name, field] = rest;
    if (field !== 'path') return undefined;
    const list = kind === 'parameters' ? this.init.outputs?.parameters : kind === 'artifacts' ? this.init.outputs?.artifacts : undefined;
    const decl = list?.find((x) => x.name === name) as { valueFrom?: { path?: string }; path?: string } | undefined;
    return decl?.valueFrom?.path ?? decl?.path;
  }

  #itemVariable(rest: string[]): string | undefined {
    if (!this.init.item) return undefined;
    let value: unknown = this.init.item.value;
    for (const key of rest) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return itemText(value);
  }

  #siblingVariable(kind: 'steps' | 'tasks', rest: string[]): string | undefined {
    if (kind !== this.init.siblingsKind || !this.init.siblings || rest.length < 2) return undefined;
    const found = this.init.siblings.find(rest[0] ?? '');
    if (!found) return undefined;
    if (found.expanded) return aggregateVariable(found.expanded, rest.slice(1)) ?? nodeVariable(found.node, rest.slice(1));
    return nodeVariable(found.node, rest.slice(1));
  }
}

/** Materialises every sibling for expressions; only built when a template uses `{{= ...}}`. */
function siblingEnv(siblings: SiblingLookup): Record<string, unknown> {
  const env: Record<string, unknown> = {};
  for (const name of siblings.names()) {
    const found = siblings.find(name);
    if (found) env[name] = found.expanded ? aggregateEnv(found.expanded, found.node) : nodeEnv(found.node);
  }
  return env;
}
