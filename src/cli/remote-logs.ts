import type { ApiClient } from './remote/index.js';
import { CliError } from './cli-error.js';
import { fromArgoWorkflow } from './from-argo.js';
import { matchesTask, type NodeStatus, type RunState } from './backend.js';

/** The task node a log record belongs to: its podName is the node id (or, from other servers, its name). */
function podNode(state: RunState, podName: string): NodeStatus | undefined {
  return state.nodes[podName] ?? Object.values(state.nodes).find((n) => n.type === 'Pod' && (n.name === podName || n.displayName === podName));
}

/**
 * Task logs from the server's NDJSON log stream, labelled with the task's display name like the
 * embedded verb. `--task` is matched here against the workflow's nodes (read again when a record names
 * a task that appeared after the last read), so it means the same thing in both modes.
 */
export async function readRemoteLogs(api: ApiClient, ns: string, name: string, opts: { task?: string; follow?: boolean }, onLine: (task: string, line: string) => void): Promise<void> {
  const load = async (): Promise<RunState> => fromArgoWorkflow(await api.getWorkflow(ns, name), ns);
  let state = await load();
  if (opts.task && !opts.follow && !Object.values(state.nodes).some((n) => n.type === 'Pod' && matchesTask(n, opts.task))) {
    throw new CliError(`workflow '${name}' has no task matching '${opts.task}'`);
  }
  for await (const entry of await api.logs(ns, name, { follow: opts.follow === true })) {
    let node = podNode(state, entry.podName);
    if (!node && entry.podName) {
      state = await load();
      node = podNode(state, entry.podName);
    }
    if (opts.task && (!node || !matchesTask(node, opts.task))) continue;
    onLine(node?.displayName ?? entry.podName, entry.content.replace(/\n$/, ''));
  }
}
