import { open } from 'node:fs/promises';
import type { Controller } from '../controller/index.js';
import type { NodeStatus, RunState } from '../engine/index.js';
import type { Executor } from '../executors/index.js';

export interface LogStreamOptions {
  namespace: string;
  name: string;
  /** Only this pod (Keyflow: the task node's id, Argo v1 pod naming; its node name also matches). */
  podName?: string;
  follow: boolean;
  /** Ends the stream early (client gone, server shutting down). */
  signal: AbortSignal;
  /** How often follow mode looks for new output and for the workflow's end. */
  pollMs?: number;
}

const CHUNK = 64 * 1024;
/** A line longer than this is cut into pieces, so one runaway line cannot hold the whole log in memory. */
const MAX_LINE = 64 * 1024;

interface PodCursor {
  offset: number;
  partial: string;
}

function podMatches(node: NodeStatus, podName: string | undefined): boolean {
  return node.type === 'Pod' && (podName === undefined || node.id === podName || node.name === podName);
}

function entry(content: string, podName: string): string {
  return `${JSON.stringify({ result: { content, podName } })}\n`;
}

/** Reads what a log file gained since the cursor, in bounded chunks, as complete lines. */
async function readNewLines(path: string, cursor: PodCursor, podName: string, final: boolean): Promise<string[]> {
  const out: string[] = [];
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return out;
  }
  try {
    const buf = Buffer.alloc(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, cursor.offset);
      if (bytesRead === 0) break;
      cursor.offset += bytesRead;
      const lines = (cursor.partial + buf.subarray(0, bytesRead).toString('utf8')).split('\n');
      cursor.partial = lines.pop() ?? '';
      while (cursor.partial.length > MAX_LINE) {
        lines.push(cursor.partial.slice(0, MAX_LINE));
        cursor.partial = cursor.partial.slice(MAX_LINE);
      }
      for (const line of lines) out.push(entry(line, podName));
    }
  } finally {
    await handle.close();
  }
  if (final && cursor.partial !== '') {
    out.push(entry(cursor.partial, podName));
    cursor.partial = '';
  }
  return out;
}

/** Waits `ms`, or less when the signal aborts (without leaving a listener behind). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const finished = (state: RunState) => state.phase !== 'Pending' && state.phase !== 'Running';

/**
 * Argo's workflow log stream: newline-delimited `{"result":{"content","podName"}}` objects, pods in the
 * order they started. Follow mode tails the executor's log files until the workflow finishes, then
 * drains what is left. The first state is read by the caller (so a missing workflow is a 404, not a
 * broken stream).
 */
export async function* streamWorkflowLogs(deps: { controller: Controller; executor: Executor }, first: RunState, opts: LogStreamOptions): AsyncGenerator<string> {
  const cursors = new Map<string, PodCursor>();
  let state = first;
  for (;;) {
    const done = finished(state);
    const pods = Object.values(state.nodes).filter((n) => podMatches(n, opts.podName))
      .sort((a, b) => (a.startedAt ?? '\uffff').localeCompare(b.startedAt ?? '\uffff'));
    for (const pod of pods) {
      if (opts.signal.aborted) return;
      const cursor = cursors.get(pod.id) ?? { offset: 0, partial: '' };
      cursors.set(pod.id, cursor);
      const podDone = done || pod.phase === 'Succeeded' || pod.phase === 'Failed' || pod.phase === 'Error';
      for (const line of await readNewLines(deps.executor.logPath(`${state.uid}/${pod.id}`), cursor, pod.id, podDone || !opts.follow)) yield line;
    }
    if (!opts.follow || done || opts.signal.aborted) return;
    await pause(opts.pollMs ?? 500, opts.signal);
    if (opts.signal.aborted) return;
    state = await deps.controller.get(opts.namespace, opts.name);
  }
}
