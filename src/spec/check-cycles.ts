import { buildDagGraphs, type DagGraph, type DagNode } from './dag-graph.js';
import type { Check } from './lint-context.js';

/**
 * A dependency cycle means no task of it can ever start. Each cycle is reported once, on its first task
 * in source order, and named in full: `a -> b -> c -> a` reads "a depends on b, which depends on c, ...".
 */
export const checkCycles: Check = (ctx) => {
  for (const site of ctx.templates) {
    for (const graph of buildDagGraphs(site)) {
      for (const cycle of findCycles(graph)) {
        const first = cycle[0]!;
        const names = [...cycle.map((n) => n.name), first.name].join(' -> ');
        ctx.report('error', 'cycle', first.depsPath, `dependency cycle: ${names} (each ${graph.kind} depends on the next, so none can start)`);
      }
    }
  }
};

/**
 * Distinct cycles found by depth-first search, each rotated to start at its earliest node. Iterative, so
 * a 100,000-task chain cannot overflow the call stack.
 */
export function findCycles(graph: DagGraph): DagNode[][] {
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const order = new Map(graph.nodes.map((n, i) => [n.name, i]));
  const state = new Map<string, 'active' | 'done'>();
  const seen = new Set<string>();
  const cycles: DagNode[][] = [];
  for (const root of graph.nodes) {
    if (state.has(root.name)) continue;
    const stack: Array<{ node: DagNode; edge: number }> = [{ node: root, edge: 0 }];
    state.set(root.name, 'active');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edge = top.node.edges[top.edge++];
      if (edge === undefined) {
        state.set(top.node.name, 'done');
        stack.pop();
        continue;
      }
      const next = byName.get(edge.from);
      if (!next || state.get(next.name) === 'done') continue;
      if (state.get(next.name) === 'active') {
        const cycle = stack.slice(stack.findIndex((f) => f.node === next)).map((f) => f.node);
        recordCycle(cycle, order, seen, cycles);
        continue;
      }
      state.set(next.name, 'active');
      stack.push({ node: next, edge: 0 });
    }
  }
  return cycles;
}

function recordCycle(cycle: DagNode[], order: Map<string, number>, seen: Set<string>, cycles: DagNode[][]): void {
  const rank = (n: DagNode) => order.get(n.name) ?? 0;
  const start = cycle.reduce((best, n, i) => (rank(n) < rank(cycle[best]!) ? i : best), 0);
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
  const key = rotated.map((n) => n.name).join('\u0000');
  if (seen.has(key)) return;
  seen.add(key);
  cycles.push(rotated);
}
