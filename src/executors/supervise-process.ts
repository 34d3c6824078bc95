import { spawn, type ChildProcess } from 'node:child_process';
import type { OutputCapture } from './capture-output.js';
import type { RunAs } from './resolve-run-as.js';
import { signalTask } from './signal-task.js';

/** One process to start and watch (bwrap, or the task itself without the sandbox). */
export interface ProcessSpec {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  runAs?: RunAs;
  sandboxed: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  killGraceMs: number;
  capture: OutputCapture;
}

/** How the process ended. */
export interface ProcessEnd {
  exitCode: number | null;
  signal?: string;
  reason?: 'timeout' | 'killed' | 'spawn-failed';
  message?: string;
}

/** setTimeout's ceiling (~24.8 days); a longer limit is no limit in practice. */
const MAX_TIMER_MS = 2_147_483_647;
/** How long to wait for pipes held open by an escaped grandchild once the task itself has exited. */
const PIPE_DRAIN_MS = 2_000;

/**
 * Starts the process with an argv array (never a shell), in its own process group, and resolves when it has
 * exited and its pipes are drained. The time limit and the abort signal end it the same way: SIGTERM to the
 * task, SIGKILL after `killGraceMs`. Never rejects: a failure to start is an outcome too.
 */
export function superviseProcess(spec: ProcessSpec): Promise<ProcessEnd> {
  if (spec.signal?.aborted) return Promise.resolve({ exitCode: null, reason: 'killed', message: 'aborted before it started' });
  let child: ChildProcess;
  try {
    child = spawn(spec.file, spec.args, {
      env: spec.env, cwd: spec.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...(spec.runAs ?? {}),
    });
  } catch (err) {
    return Promise.resolve({ exitCode: null, reason: 'spawn-failed', message: `could not start ${JSON.stringify(spec.file)}: ${(err as Error).message}` });
  }
  spec.capture.attach(child.stdout!, child.stderr!);
  return watch(child, spec);
}

function watch(child: ChildProcess, spec: ProcessSpec): Promise<ProcessEnd> {
  return new Promise((resolve) => {
    let stopping: ProcessEnd['reason'];
    let spawnError: Error | undefined;
    const timers: NodeJS.Timeout[] = [];
    const stop = (reason: 'timeout' | 'killed'): void => {
      if (stopping !== undefined || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      stopping = reason;
      void signalTask(child.pid, spec.killGraceMs > 0 ? 'SIGTERM' : 'SIGKILL', spec.sandboxed);
      timers.push(setTimeout(() => void signalTask(child.pid!, 'SIGKILL', spec.sandboxed), spec.killGraceMs));
    };
    const onAbort = (): void => stop('killed');
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    if (spec.timeoutMs !== undefined && spec.timeoutMs <= MAX_TIMER_MS) timers.push(setTimeout(() => stop('timeout'), spec.timeoutMs));
    child.once('error', (err) => { spawnError = err; });
    child.once('exit', () => {
      // Without the sandbox, background children would outlive the task: end its group like a container's.
      if (!spec.sandboxed) void signalTask(child.pid!, 'SIGKILL', false);
      const drain = setTimeout(() => { child.stdout?.destroy(); child.stderr?.destroy(); }, PIPE_DRAIN_MS);
      drain.unref();
      timers.push(drain);
    });
    child.once('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
      resolve(describeEnd(code, signal, stopping, spawnError, spec));
    });
  });
}

function describeEnd(
  code: number | null, signal: NodeJS.Signals | null, stopping: ProcessEnd['reason'], spawnError: Error | undefined, spec: ProcessSpec,
): ProcessEnd {
  if (spawnError !== undefined && code !== null && code < 0) {
    return { exitCode: null, reason: 'spawn-failed', message: `could not start ${JSON.stringify(spec.file)}: ${spawnError.message}` };
  }
  const end: ProcessEnd = { exitCode: code, ...(signal !== null ? { signal } : {}) };
  if (stopping === 'timeout') return { ...end, reason: 'timeout', message: `exceeded its time limit of ${spec.timeoutMs} ms and was stopped` };
  if (stopping === 'killed') return { ...end, reason: 'killed', message: 'aborted' };
  return end;
}
