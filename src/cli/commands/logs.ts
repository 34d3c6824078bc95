import { open } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import type { NodeStatus, RunState } from '../../engine/index.js';
import { openEmbedded, withEngineFlags, type EngineFlags } from '../embedded.js';
import { CliError } from '../cli-error.js';

interface LogsFlags extends EngineFlags {
  task?: string;
  follow?: boolean;
  prefix?: boolean;
}

const CHUNK = 64 * 1024;

function matches(node: NodeStatus, task: string | undefined): boolean {
  if (!task) return true;
  return node.displayName === task || node.id === task || node.name === task || node.templateName === task
    || node.keyflow?.invocation === task || node.displayName.startsWith(`${task}(`);
}

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

/** `keyflow logs NAME`: the task logs of a workflow, prefixed by task name; --follow streams them. */
export function registerLogs(program: Command, ctx: CliContext): void {
  withEngineFlags(program.command('logs').description('print the logs of a workflow\'s tasks').argument('<name>')
    .option('--task <name>', 'only this task (display name, node name or id)')
    .option('-f, --follow', 'keep streaming until the workflow finishes')
    .option('--no-prefix', 'do not prefix lines with the task name'))
    .action(async (name: string, flags: LogsFlags) => {
      const engine = await openEmbedded(flags, { start: false, warn: ctx.stderr });
      const ns = flags.namespace ?? 'default';
      const offsets = new Map<string, number>();
      try {
        let state: RunState = await engine.controller.get(ns, name);
        if (flags.task && !Object.values(state.nodes).some((n) => n.type === 'Pod' && matches(n, flags.task))) {
          if (!flags.follow) throw new CliError(`workflow '${name}' has no task matching '${flags.task}'`);
        }
        for (;;) {
          const pods = Object.values(state.nodes).filter((n) => n.type === 'Pod' && matches(n, flags.task))
            .sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
          for (const pod of pods) {
            const path = engine.executor.logPath(`${state.uid}/${pod.id}`);
            const prefix = flags.prefix === false ? '' : `${pod.displayName}: `;
            let partial = '';
            const next = await readFrom(path, offsets.get(pod.id) ?? 0, (text) => {
              const lines = (partial + text).split('\n');
              partial = lines.pop() ?? '';
              for (const line of lines) ctx.stdout(`${prefix}${line}\n`);
            });
            if (partial) ctx.stdout(`${prefix}${partial}\n`);
            offsets.set(pod.id, next);
          }
          const finished = state.phase !== 'Running' && state.phase !== 'Pending';
          if (!flags.follow || finished) break;
          await new Promise((r) => setTimeout(r, 300));
          state = await engine.controller.get(ns, name);
        }
      } finally {
        await engine.close();
      }
    });
}
