import { open } from 'node:fs/promises';
import type { Embedded } from './embedded.js';
import { matchesTask, type RunState } from './backend.js';
import { CliError } from './cli-error.js';

const CHUNK = 64 * 1024;
const FOLLOW_POLL_MS = 300;

/** Reads what was appended to a log since `offset`, in bounded chunks (logs can be gigabytes). */
async function readFrom(path: string, offset: number, write: (text: string) => void): Promise<number> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return offset;
  }
  try {
    const buf = Buffer.alloc(CHUNK);
    let pos = offset;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, pos);
      if (bytesRead === 0) return pos;
      write(buf.subarray(0, bytesRead).toString('utf8'));
      pos += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Task logs straight from the executor's log files, oldest task first; with `follow`, the files are
 * read again every 300 ms from where the last read stopped until the workflow finishes.
 */
export async function readEmbeddedLogs(engine: Embedded, ns: string, name: string, opts: { task?: string; follow?: boolean }, onLine: (task: string, line: string) => void): Promise<void> {
  const offsets = new Map<string, number>();
  let state: RunState = await engine.controller.get(ns, name);
  if (opts.task && !Object.values(state.nodes).some((n) => n.type === 'Pod' && matchesTask(n, opts.task))) {
    if (!opts.follow) throw new CliError(`workflow '${name}' has no task matching '${opts.task}'`);
  }
  for (;;) {
    const pods = Object.values(state.nodes).filter((n) => n.type === 'Pod' && matchesTask(n, opts.task))
      .sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
    for (const pod of pods) {
      const path = engine.executor.logPath(`${state.uid}/${pod.id}`);
      let partial = '';
      const next = await readFrom(path, offsets.get(pod.id) ?? 0, (text) => {
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) onLine(pod.displayName, line);
      });
      if (partial) onLine(pod.displayName, partial);
      offsets.set(pod.id, next);
    }
    const finished = state.phase !== 'Running' && state.phase !== 'Pending';
    if (!opts.follow || finished) break;
    await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS));
    state = await engine.controller.get(ns, name);
  }
}
