import type { DependsAst } from '../expr/index.js';
import { didYouMean } from './closest-name.js';
import { buildDagGraphs, type DagGraph } from './dag-graph.js';
import type { Check, LintContext } from './lint-context.js';
import type { TemplateSite } from './manifest-model.js';
import { isTemplated, listAt, objAt, objEntries, strAt } from './read-values.js';

/**
 * DAG dependencies must name tasks of the same DAG, `depends` must parse, and Argo's combination rules
 * hold: not `depends` and `dependencies` in one DAG, no `continueOn` with `depends` (use `.Failed`),
 * `.AnySucceeded`/`.AllFailed` only on looped tasks, `dag.target` names existing tasks.
 */
export const checkDagDependencies: Check = (ctx) => {
  for (const site of ctx.templates) {
    for (const graph of buildDagGraphs(site)) {
      checkGraph(ctx, graph);
      if (graph.kind === 'task') checkDagRules(ctx, site, graph);
    }
  }
};

function checkGraph(ctx: LintContext, graph: DagGraph): void {
  for (const node of graph.nodes) {
    if (node.depends?.error) {
      ctx.report('error', 'invalid-expression', node.depsPath, `depends "${node.depends.text}": ${node.depends.error.message}`);
    }
    for (const edge of node.edges) {
      if (graph.names.has(edge.from)) continue;
      const others = [...graph.names].filter((n) => n !== node.name);
      const where = graph.kind === 'task' ? 'a task of this DAG' : 'a container of this containerSet';
      ctx.report('error', 'unknown-dependency', edge.path, `${graph.kind} "${node.name}" depends on "${edge.from}", which is not ${where}${didYouMean(edge.from, others)}`);
    }
  }
}

function checkDagRules(ctx: LintContext, site: TemplateSite, graph: DagGraph): void {
  const tasks = objEntries(objAt(site.template['dag'])?.['tasks']);
  const usesDepends = tasks.some(([t]) => t['depends'] !== undefined);
  const looped = new Set(tasks.filter(([t]) => ['withItems', 'withParam', 'withSequence'].some((f) => t[f] !== undefined)).map(([t]) => strAt(t['name'])));
  for (const [task, i] of tasks) {
    const path = [...site.path, 'dag', 'tasks', i];
    if (usesDepends && listAt(task['dependencies']).length > 0) {
      ctx.report('error', 'invalid-dag', [...path, 'dependencies'], 'a DAG cannot use both depends and dependencies: write all dependencies as depends', 'key');
    }
    if (usesDepends && task['continueOn'] !== undefined) {
      ctx.report('error', 'invalid-dag', [...path, 'continueOn'], 'continueOn cannot be used in a DAG that uses depends: write "task.Failed" or "task.Errored" in depends instead', 'key');
    }
  }
  for (const node of graph.nodes) {
    for (const operand of itemResults(node.depends?.ast)) {
      if (!looped.has(operand.task) && graph.names.has(operand.task)) {
        ctx.report('error', 'invalid-dag', node.depsPath, `depends uses "${operand.task}.${operand.result}", but task "${operand.task}" has no withItems, withParam or withSequence`);
      }
    }
  }
  checkTarget(ctx, site, [...graph.names]);
}

function checkTarget(ctx: LintContext, site: TemplateSite, names: string[]): void {
  const target = strAt(objAt(site.template['dag'])?.['target']);
  if (target === undefined || isTemplated(target)) return;
  for (const name of target.split(' ').filter((n) => n !== '')) {
    if (!names.includes(name)) {
      ctx.report('error', 'unknown-dependency', [...site.path, 'dag', 'target'], `dag.target names "${name}", which is not a task of this DAG${didYouMean(name, names)}`);
    }
  }
}

function itemResults(ast: DependsAst | undefined): Array<{ task: string; result: string }> {
  if (!ast) return [];
  if (ast.kind === 'task') return ast.result === 'AnySucceeded' || ast.result === 'AllFailed' ? [{ task: ast.task, result: ast.result }] : [];
  if (ast.kind === 'not') return itemResults(ast.operand);
  return [...itemResults(ast.left), ...itemResults(ast.right)];
}
