import { nodeChildren, type NodeStatus, type RunState } from '../engine/index.js';
import { progressOf } from '../controller/index.js';

const ICONS: Record<string, string> = { Succeeded: '✔', Failed: '✖', Error: '⚠', Skipped: '○', Omitted: '○', Pending: '◷', Running: '●' };

/** Human duration like Argo prints it: 45s, 3m12s, 1h2m. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60}s`;
  return `${Math.floor(m / 60)}h${m % 60}m`;
}

function nodeDuration(node: NodeStatus, now: number): string {
  if (!node.startedAt || node.phase === 'Skipped' || node.phase === 'Omitted') return '';
  const end = node.finishedAt ? Date.parse(node.finishedAt) : now;
  return formatDuration(end - Date.parse(node.startedAt));
}

/** The node tree as lines: icon, name, template, duration and message, indented like `argo watch`. */
export function treeLines(state: RunState, now = Date.now(), wide = false): string[] {
  const lines: string[] = [];
  const root = state.nodes[state.name] ?? Object.values(state.nodes).find((n) => !n.boundaryID);
  // Step groups are structure, not work: their children are drawn as children of the steps node.
  const visible = (node: NodeStatus): NodeStatus[] => nodeChildren(state, node)
    .map((id) => state.nodes[id]).filter((n): n is NodeStatus => n !== undefined)
    .flatMap((n) => (n.type === 'StepGroup' ? visible(n) : [n]));
  const visit = (node: NodeStatus, prefix: string, last: boolean, depth: number): void => {
    const branch = depth === 0 ? '' : `${prefix}${last ? '└─' : '├─'}`;
    const cols = [`${branch}${ICONS[node.phase] ?? '?'} ${node.displayName}`, node.templateName ?? '', nodeDuration(node, now)];
    if (wide) cols.push(node.type === 'Pod' ? node.id : '');
    cols.push(node.message ?? '');
    lines.push(cols.join('\t'));
    const children = visible(node);
    const nextPrefix = depth === 0 ? '' : `${prefix}${last ? '  ' : '│ '}`;
    children.forEach((child, i) => visit(child, nextPrefix, i === children.length - 1, depth + 1));
  };
  if (root) visit(root, '', true, 0);
  const exit = state.nodes[Object.keys(state.nodes).find((id) => state.nodes[id]?.name === `${state.name}.onExit`) ?? ''];
  if (exit) visit(exit, '', true, 0);
  return alignColumns(lines);
}

/** Pads tab-separated columns to equal widths. */
export function alignColumns(rows: string[]): string[] {
  const split = rows.map((r) => r.split('\t'));
  const widths: number[] = [];
  for (const cols of split) cols.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, [...c].length); });
  return split.map((cols) => cols.map((c, i) => (i === cols.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - [...c].length))).join('  ').trimEnd());
}

/** The summary block printed above the tree (Argo's `argo get` header). */
export function summaryLines(state: RunState, now = Date.now()): string[] {
  const started = state.startedAt ? Date.parse(state.startedAt) : undefined;
  const finished = state.finishedAt ? Date.parse(state.finishedAt) : undefined;
  const rows = [
    `Name:\t${state.name}`,
    `Namespace:\t${state.namespace}`,
    `Status:\t${state.phase}${state.suspended ? ' (Suspended)' : ''}`,
    ...(state.message ? [`Message:\t${state.message}`] : []),
    ...(state.startedAt ? [`Started:\t${state.startedAt}`] : []),
    ...(state.finishedAt ? [`Finished:\t${state.finishedAt}`] : []),
    ...(started ? [`Duration:\t${formatDuration((finished ?? now) - started)}`] : []),
    `Progress:\t${progressOf(state)}`,
    ...Object.entries(state.parameters).map(([k, v], i) => `${i === 0 ? 'Parameters:' : ''}\t${k}: ${v}`),
  ];
  return alignColumns(rows);
}
