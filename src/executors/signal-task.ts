import { readFile } from 'node:fs/promises';

/**
 * Sends `signal` to a task started with `detached: true` (so its pid is also its process group id).
 * Without the sandbox the whole process group gets it. With the sandbox a graceful signal goes to every
 * process inside (bwrap's own processes are skipped: its pid-1 reaper dying would SIGKILL everything at once),
 * and SIGKILL goes to the outer bwrap, whose death takes the whole pid namespace with it (--die-with-parent).
 */
export async function signalTask(pid: number, signal: NodeJS.Signals, sandboxed: boolean): Promise<void> {
  if (!sandboxed || signal === 'SIGKILL') {
    sendSignal(-pid, signal);
    return;
  }
  const inside = await listDescendants(pid);
  for (const child of inside) {
    const comm = (await readFile(`/proc/${child}/comm`, 'utf8').catch(() => '')).trim();
    if (comm !== 'bwrap') sendSignal(child, signal);
  }
  // /proc lists nothing without CONFIG_PROC_CHILDREN: fall back to ending the sandbox at once.
  if (inside.length === 0) sendSignal(-pid, 'SIGKILL');
}

async function listDescendants(pid: number): Promise<number[]> {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0 && found.length < 10_000) {
    const parent = queue.shift()!;
    const text = await readFile(`/proc/${parent}/task/${parent}/children`, 'utf8').catch(() => '');
    for (const word of text.split(' ')) {
      const child = Number(word);
      if (Number.isInteger(child) && child > 0) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function sendSignal(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // ESRCH: already gone, which is what we wanted.
  }
}
