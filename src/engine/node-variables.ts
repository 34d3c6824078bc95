import type { NodeStatus } from './types.js';

/** `{{steps.X.<rest>}}` / `{{tasks.X.<rest>}}` for a single node. */
export function nodeVariable(node: NodeStatus, rest: string[]): string | undefined {
  const [a, b, c] = rest;
  switch (a) {
    case 'id': return node.id;
    case 'status': return node.phase;
    case 'startedAt': return node.startedAt;
    case 'finishedAt': return node.finishedAt;
    case 'exitCode': return node.outputs?.exitCode;
    case 'outputs': break;
    default: return undefined;
  }
  if (b === 'result') return node.outputs?.result;
  if (b === 'exitCode') return node.outputs?.exitCode;
  if (b === 'parameters') {
    if (c === undefined) return JSON.stringify(node.outputs?.parameters ?? []);
    return node.outputs?.parameters?.find((p) => p.name === rest.slice(2).join('.'))?.value;
  }
  if (b === 'artifacts' && c !== undefined) {
    return node.outputs?.artifacts?.find((x) => x.name === c)?.keyflowArchive;
  }
  return undefined;
}

/** Parses a result as JSON where it is JSON (Argo aggregates `[1, 2]`, not `["1", "2"]`). */
function resultItem(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Aggregated outputs of an expanded step/task (withItems/withParam/withSequence), as Argo builds them. */
export function aggregateVariable(children: NodeStatus[], rest: string[]): string | undefined {
  const [a, b, c] = rest;
  if (a !== 'outputs') return undefined;
  if (b === 'result') {
    return JSON.stringify(children.filter((n) => n.outputs?.result !== undefined).map((n) => resultItem(n.outputs?.result ?? '')));
  }
  if (b !== 'parameters') return undefined;
  const withParams = children.filter((n) => (n.outputs?.parameters?.length ?? 0) > 0);
  if (c === undefined) {
    return JSON.stringify(withParams.map((n) => Object.fromEntries((n.outputs?.parameters ?? []).map((p) => [p.name, p.value ?? '']))));
  }
  const name = rest.slice(2).join('.');
  return JSON.stringify(withParams.map((n) => n.outputs?.parameters?.find((p) => p.name === name)?.value ?? ''));
}

/** The object expressions see for `steps.X` / `tasks.X`. */
export function nodeEnv(node: NodeStatus): Record<string, unknown> {
  const outputs = node.outputs;
  return {
    id: node.id,
    status: node.phase,
    startedAt: node.startedAt,
    finishedAt: node.finishedAt,
    exitCode: outputs?.exitCode,
    outputs: {
      result: outputs?.result,
      exitCode: outputs?.exitCode,
      parameters: Object.fromEntries((outputs?.parameters ?? []).map((p) => [p.name, p.value])),
      artifacts: Object.fromEntries((outputs?.artifacts ?? []).map((x) => [x.name, x.keyflowArchive])),
    },
  };
}

/** The object expressions see for an expanded `steps.X` / `tasks.X`. */
export function aggregateEnv(children: NodeStatus[], group: NodeStatus): Record<string, unknown> {
  const base = nodeEnv(group);
  return {
    ...base,
    outputs: {
      result: aggregateVariable(children, ['outputs', 'result']),
      parameters: aggregateVariable(children, ['outputs', 'parameters']),
    },
  };
}
