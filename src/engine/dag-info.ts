import type { DAGTask, DAGTemplate } from '../spec/index.js';
import { parseDepends, dependsTaskNames, type DependsAst } from '../expr/index.js';
import { EngineError } from './errors.js';

/** Static facts about a DAG template, computed once per template object (pure memo). */
export interface DagInfo {
  byName: Map<string, DAGTask>;
  /** Tasks in a topological order (dependencies first). */
  order: DAGTask[];
  deps: Map<string, string[]>;
  /** The effective `depends` of each task (dependencies and continueOn folded in), parsed. */
  depends: Map<string, DependsAst | undefined>;
  /** Tasks no other task depends on: the default targets. */
  leaves: string[];
  /** Tasks whose failure some dependent explicitly handles (`B.Failed`, `B.Completed`, ...). */
  failureHandled: Set<string>;
}

const cache = new WeakMap<DAGTemplate, DagInfo | EngineError>();
const FAILURE_RESULTS = /\.(Failed|Errored|Completed|AllFailed|AnySucceeded)\b/;

/** Argo's dependencies -> depends conversion: `A` becomes `(A.Succeeded || A.Skipped || A.Daemoned [|| A.Failed || A.Errored])`. */
function effectiveDepends(task: DAGTask, byName: Map<string, DAGTask>): string | undefined {
  if (task.depends !== undefined && task.depends.trim() !== '') return task.depends;
  if (!task.dependencies?.length) return undefined;
  return task.dependencies.map((dep) => {
    const co = byName.get(dep)?.continueOn;
    const parts = [`${dep}.Succeeded`, `${dep}.Skipped`, `${dep}.Daemoned`];
    if (co?.failed) parts.push(`${dep}.Failed`);
    if (co?.error) parts.push(`${dep}.Errored`);
    return `(${parts.join(' || ')})`;
  }).join(' && ');
}

function build(dag: DAGTemplate): DagInfo {
  const byName = new Map(dag.tasks.map((t) => [t.name, t]));
  const deps = new Map<string, string[]>();
  const depends = new Map<string, DependsAst | undefined>();
  const failureHandled = new Set<string>();
  for (const task of dag.tasks) {
    const text = effectiveDepends(task, byName);
    const ast = text === undefined ? undefined : parseDepends(text);
    depends.set(task.name, ast);
    const names = ast ? dependsTaskNames(ast) : [];
    for (const name of names) {
      if (!byName.has(name)) throw new EngineError('ERR_ENGINE_TEMPLATE_NOT_FOUND', `task '${task.name}' depends on '${name}', which is not a task of this DAG`);
    }
    deps.set(task.name, names);
    if (task.depends) {
      for (const name of names) if (new RegExp(`(^|[^\\w-])${name.replace(/[-.]/g, '\\$&')}${FAILURE_RESULTS.source}`).test(task.depends)) failureHandled.add(name);
    }
  }
  const order = topoOrder(dag.tasks, deps);
  const dependedOn = new Set([...deps.values()].flat());
  const leaves = dag.tasks.map((t) => t.name).filter((n) => !dependedOn.has(n)).sort();
  return { byName, order, deps, depends, leaves, failureHandled };
}

function topoOrder(tasks: DAGTask[], deps: Map<string, string[]>): DAGTask[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const order: DAGTask[] = [];
  const visit = (name: string, path: string[]): void => {
    const s = state.get(name);
    if (s === 'done') return;
    if (s === 'visiting') throw new EngineError('ERR_ENGINE_PARAMETER_INVALID', `dependency cycle: ${[...path.slice(path.indexOf(name)), name].join(' -> ')}`);
    state.set(name, 'visiting');
    for (const dep of deps.get(name) ?? []) visit(dep, [...path, name]);
    state.set(name, 'done');
    const task = byName.get(name);
    if (task) order.push(task);
  };
  for (const t of tasks) visit(t.name, []);
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
