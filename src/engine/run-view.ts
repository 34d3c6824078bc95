import { nodeIdFor } from './node-id.js';
import type { EngineCommand, NodeStatus, NodeType, RunFields, RunPatch, RunState, EngineContext } from './types.js';

/** name -> id per run, keyed by the run's (never mutated) spec object so it lives as long as the run. */
const idCache = new WeakMap<object, Map<string, string>>();

/**
 * A copy-on-write view of a run used during one engine step. Reads fall through to the base state;
 * writes land in an overlay, so the base is never mutated (the engine stays pure) and the patch is
 * exactly what changed — O(changes), not O(nodes), which is what makes 10,000-task runs cheap.
 */
export class RunView {
  readonly base: RunState;
  readonly ctx: EngineContext;
  readonly nowIso: string;
  run: RunFields;
  readonly commands: EngineCommand[] = [];
  #changed = new Map<string, NodeStatus>();
  #deleted = new Set<string>();

  constructor(base: RunState, ctx: EngineContext) {
    this.base = base;
    this.ctx = ctx;
    this.nowIso = ctx.now.toISOString();
    const { nodes: _n, uid: _u, name: _na, namespace: _ns, metadata: _m, spec: _s, storedTemplates: _t, ...run } = base;
    this.run = { ...run };
  }

  /** The node with this id as of now (overlay first). */
  node(id: string): NodeStatus | undefined {
    if (this.#deleted.has(id)) return undefined;
    return this.#changed.get(id) ?? this.base.nodes[id];
  }

  /** The id a node with this name has or would get (hashing is memoised per run, checked on use). */
  idOf(name: string): string {
    let cache = idCache.get(this.base.spec);
    if (!cache) {
      cache = new Map();
      idCache.set(this.base.spec, cache);
    }
    const cached = cache.get(name);
    if (cached !== undefined) {
      const holder = this.node(cached)?.name;
      if (holder === undefined || holder === name) return cached;
    }
    const id = nodeIdFor(this.base.name, name, (x) => this.node(x)?.name);
    cache.set(name, id);
    return id;
  }

  /** The node called `name`, if it exists. */
  byName(name: string): NodeStatus | undefined {
    return this.node(this.idOf(name));
  }

  /** Writes a node (a new object each time; callers never mutate a node they read). */
  put(node: NodeStatus): NodeStatus {
    this.#deleted.delete(node.id);
    this.#changed.set(node.id, node);
    return node;
  }

  /** Returns `node` with `changes` applied and stores it. */
  update(node: NodeStatus, changes: Partial<NodeStatus>): NodeStatus {
    return this.put({ ...node, ...changes });
  }

  remove(id: string): void {
    this.#changed.delete(id);
    this.#deleted.add(id);
  }

  /** Creates a node under `parentId` (added to the parent's children) unless it exists already. */
  create(fields: { name: string; displayName: string; type: NodeType; parentId?: string; boundaryID?: string } & Partial<NodeStatus>): NodeStatus {
    const existing = this.byName(fields.name);
    if (existing) return existing;
    const { parentId, ...rest } = fields;
    // A DAG can have thousands of tasks: rewriting its children list on every task start would make each
    // step O(n). Task nodes point at the DAG instead; nodeChildren() puts the two views back together.
    const underDag = parentId !== undefined && this.node(parentId)?.type === 'DAG';
    const node: NodeStatus = {
      phase: 'Pending', startedAt: this.nowIso, ...rest, id: this.idOf(fields.name),
      ...(underDag ? { keyflow: { ...rest.keyflow, parent: parentId } } : {}),
    };
    this.put(node);
    if (parentId && !underDag) this.addChild(parentId, node.id);
    return node;
  }

  addChild(parentId: string, childId: string): void {
    const parent = this.node(parentId);
    if (!parent || parent.children?.includes(childId)) return;
    this.update(parent, { children: [...(parent.children ?? []), childId] });
  }

  /** Every node id currently in the run (base plus overlay, minus deletions). */
  allIds(): string[] {
    const ids = new Set(Object.keys(this.base.nodes));
    for (const id of this.#changed.keys()) ids.add(id);
    for (const id of this.#deleted) ids.delete(id);
    return [...ids];
  }

  emit(command: EngineCommand): void {
    this.commands.push(command);
  }

  patch(): RunPatch {
    return { run: this.run, nodes: [...this.#changed.values()], deletedNodeIds: [...this.#deleted] };
  }
}

/** A node's children in Argo's sense, including the tasks of a DAG (which point at it instead). */
export function nodeChildren(state: Pick<RunState, 'nodes'>, node: NodeStatus): string[] {
  if (node.type !== 'DAG') return node.children ?? [];
  const tasks = Object.values(state.nodes).filter((n) => n.keyflow?.parent === node.id);
  tasks.sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? '') || a.name.localeCompare(b.name));
  return [...(node.children ?? []), ...tasks.map((n) => n.id)];
}

/** Applies a patch to a run state, returning a new state object (nodes map copied once). */
/** The identity fields of a run; every other top-level field is run state that a patch replaces whole. */
const IDENTITY = ['uid', 'name', 'namespace', 'metadata', 'spec', 'storedTemplates', 'nodes'] as const;

/**
 * Applies a patch to a run state, returning a new state object (nodes map copied once). `patch.run` is the
 * complete set of run fields, so a field the step dropped (a cleared message after retry) is gone.
 */
export function applyPatch(state: RunState, patch: RunPatch): RunState {
  const nodes = { ...state.nodes };
  for (const id of patch.deletedNodeIds) delete nodes[id];
  for (const node of patch.nodes) nodes[node.id] = node;
  const { uid, name, namespace, metadata, spec, storedTemplates } = state;
  return { ...patch.run, uid, name, namespace, metadata, spec, storedTemplates, nodes };
}

/** Applies a patch in place; for the controller, which owns its cached copy of the state. */
export function applyPatchInPlace(state: RunState, patch: RunPatch): void {
  for (const id of patch.deletedNodeIds) delete state.nodes[id];
  for (const node of patch.nodes) state.nodes[node.id] = node;
  for (const key of Object.keys(state) as (keyof RunState)[]) {
    if (!(IDENTITY as readonly string[]).includes(key) && !(key in patch.run)) delete state[key];
  }
  Object.assign(state, patch.run);
}
