import { ExprError, dependsTaskNames, parseDepends, type DependsAst } from '../expr/index.js';
import type { Path } from './diagnostic.js';
import { isTemplated, listAt, objAt, objEntries, strAt } from './read-values.js';
import type { TemplateSite } from './manifest-model.js';

/** One edge: `from` must finish before the node runs. `path` is where the edge is written. */
export interface DagEdge {
  from: string;
  path: Path;
}

export interface DagNode {
  name: string;
  path: Path;
  edges: DagEdge[];
  /** Where the node's dependencies are written (`.dependencies` or `.depends`). */
  depsPath: Path;
  depends?: { text: string; ast?: DependsAst; error?: ExprError };
}

/** The dependency graph of a DAG template (tasks) or a containerSet (containers). */
export interface DagGraph {
  kind: 'task' | 'container';
  nodes: DagNode[];
  names: Set<string>;
}

/** Builds the graphs of one template: its DAG tasks and its containerSet containers. */
export function buildDagGraphs(site: TemplateSite): DagGraph[] {
  const graphs: DagGraph[] = [];
  const dag = objAt(site.template['dag']);
  if (dag) graphs.push(graphOf('task', objEntries(dag['tasks']), [...site.path, 'dag', 'tasks']));
  const set = objAt(site.template['containerSet']);
  if (set) graphs.push(graphOf('container', objEntries(set['containers']), [...site.path, 'containerSet', 'containers']));
  return graphs;
}

function graphOf(kind: DagGraph['kind'], entries: Array<[Record<string, unknown>, number]>, base: Path): DagGraph {
  const nodes: DagNode[] = [];
  for (const [entry, i] of entries) {
    const name = strAt(entry['name']);
    if (name === undefined) continue;
    const path = [...base, i];
    const node: DagNode = { name, path, edges: [], depsPath: [...path, 'dependencies'] };
    listAt(entry['dependencies']).forEach((dep, j) => {
      if (typeof dep === 'string' && !isTemplated(dep)) node.edges.push({ from: dep, path: [...path, 'dependencies', j] });
    });
    const depends = strAt(entry['depends']);
    if (depends !== undefined && !isTemplated(depends)) {
      node.depsPath = [...path, 'depends'];
      node.depends = parseDependsSafely(depends);
      for (const from of node.depends.ast ? dependsTaskNames(node.depends.ast) : []) node.edges.push({ from, path: [...path, 'depends'] });
    }
    nodes.push(node);
  }
  return { kind, nodes, names: new Set(nodes.map((n) => n.name)) };
}

function parseDependsSafely(text: string): NonNullable<DagNode['depends']> {
  try {
    return { text, ast: parseDepends(text) };
  } catch (err) {
    if (err instanceof ExprError) return { text, error: err };
    throw err;
  }
}
