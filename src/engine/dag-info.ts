import type { DAGTask, DAGTemplate } from '../spec/index.js';
import { parseDepends, dependsTaskNames, type DependsAst } from '../expr/index.js';
import { EngineError } from './errors.js';

/** Static facts about a DAG template, computed once per template object (pure memo). */
export interface DagInfo {
  byName: Map<string, DAGTask>;
  /** Tasks in a topological order (dependencies first). */
  order: DAGTask[];
  deps: Map<string, string[]>;
  /** The reverse of deps: who waits for each task. */
  dependents: Map<string, string[]>;
  /** Tasks with no dependencies. */
  roots: string[];
  /** Each task's `depends` parsed; tasks with only `dependencies` have none (see dependenciesMet). */
  depends: Map<string, DependsAst | undefined>;
  /** Tasks no other task depends on: the default targets. */
  leaves: string[];
  /** Tasks whose failure some dependent explicitly handles (`B.Failed`, `B.Completed`, ...). */
  failureHandled: Set<string>;
}

const cache = new WeakMap<DAGTemplate, DagInfo | EngineError>();
const FAILURE_RESULTS = /\.(Failed|Errored|Completed|AllFailed|AnySucceeded)\b/;


function build(dag: DAGTemplate): DagInfo {
  const byName = new Map(dag.tasks.map((t) => [t.name, t]));
  const deps = new Map<string, string[]>();
  const depends = new Map<string, DependsAst | undefined>();
  const failureHandled = new Set<string>();
  for (const task of dag.tasks) {
    const text = task.depends !== undefined && task.depends.trim() !== '' ? task.depends : undefined;
    const ast = text === undefined ? undefined : parseDepends(text);
    depends.set(task.name, ast);
    const names = ast ? dependsTaskNames(ast) : [...new Set(task.dependencies ?? [])];
    for (const name of names) {
      if (!byName.has(name)) throw new EngineError('ERR_ENGINE_TEMPLATE_NOT_FOUND', `task '${task.name}' depends on '${name}', which is not a task of this DAG`);
    }
    deps.set(task.name, names);
    if (task.depends) {
      for (const name of names) if (new RegExp(`(^|[^\\w-])${name.replace(/[-.]/g, '\\$&')}${FAILURE_RESULTS.source}`).test(task.depends)) failureHandled.add(name);
    }
  }
  const order = topoOrder(dag.tasks, deps);
  const dependents = new Map<string, string[]>(dag.tasks.map((t) => [t.name, []]));
  for (const t of order) for (const d of deps.get(t.name) ?? []) dependents.get(d)?.push(t.name);
  const roots = order.filter((t) => (deps.get(t.name) ?? []).length === 0).map((t) => t.name);
  const dependedOn = new Set([...deps.values()].flat());
  const leaves = dag.tasks.map((t) => t.name).filter((n) => !dependedOn.has(n)).sort();
  return { byName, order, deps, dependents, roots, depends, leaves, failureHandled };
}

/** Depth-first topological order without recursion (chains can be 10,000 tasks deep). */
function topoOrder(tasks: DAGTask[], deps: Map<string, string[]>): DAGTask[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const order: DAGTask[] = [];
  for (const start of tasks) {
    if (state.has(start.name)) continue;
    const stack: { name: string; next: number }[] = [{ name: start.name, next: 0 }];
    state.set(start.name, 'visiting');
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { name: string; next: number };
      const children = deps.get(top.name) ?? [];
      if (top.next < children.length) {
        const dep = children[top.next++] as string;
        const s = state.get(dep);
        if (s === 'visiting') {
          const path = stack.map((f) => f.name);
          throw new EngineError('ERR_ENGINE_PARAMETER_INVALID', `dependency cycle: ${[...path.slice(path.indexOf(dep)), dep].join(' -> ')}`);
        }
        if (s === undefined) {
          state.set(dep, 'visiting');
          stack.push({ name: dep, next: 0 });
        }
        continue;
      }
      stack.pop();
      state.set(top.name, 'done');
      const task = byName.get(top.name);
      if (task) order.push(task);
    }
  }
  return order;
}

/** The DagInfo of a DAG template (throws EngineError for cycles, unknown or unparsable dependencies). */
export function dagInfo(dag: DAGTemplate): DagInfo {
  let info = cache.get(dag);
  if (!info) {
    try {
      info = build(dag);
    } catch (err) {
      info = err instanceof EngineError ? err : new EngineError('ERR_ENGINE_PARAMETER_INVALID', `invalid depends: ${(err as Error).message}`, { cause: err });
    }
    cache.set(dag, info);
  }
  if (info instanceof EngineError) throw info;
  return info;
}
