import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import type { EngineEvent } from '../../engine/index.js';
import { openEmbedded, withEngineFlags, type EngineFlags } from '../embedded.js';

interface ActionFlags extends EngineFlags {
  node?: string;
  message?: string;
}

type Verb = { name: string; description: string; event: (flags: ActionFlags) => EngineEvent; done: string };

const VERBS: Verb[] = [
  { name: 'resume', description: 'resume a suspended workflow or suspend node', event: (f) => ({ type: 'resume', ...(f.node ? { nodeName: f.node } : {}) }), done: 'resumed' },
  { name: 'suspend', description: 'suspend a workflow: no new task starts until it is resumed', event: () => ({ type: 'suspend' }), done: 'suspended' },
  { name: 'stop', description: 'stop a workflow: kill its tasks, then run its exit handler', event: (f) => ({ type: 'stop', strategy: 'Stop', ...(f.message ? { message: f.message } : {}) }), done: 'stopped' },
  { name: 'terminate', description: 'terminate a workflow immediately, without exit handlers', event: () => ({ type: 'stop', strategy: 'Terminate' }), done: 'terminated' },
];

/**
 * resume / suspend / stop / terminate against the embedded store. The change is written with optimistic
 * concurrency; the process driving the workflow (e.g. `keyflow run` in another terminal) picks it up.
 */
export function registerActions(program: Command, ctx: CliContext): void {
  for (const verb of VERBS) {
    const cmd = withEngineFlags(program.command(verb.name).description(verb.description).argument('<name>'));
    if (verb.name === 'resume') cmd.option('--node <name>', 'resume only this suspend node (name or display name)');
    if (verb.name === 'stop') cmd.option('--message <text>', 'why the workflow was stopped');
    cmd.action(async (name: string, flags: ActionFlags) => {
      const engine = await openEmbedded(flags, { start: false, warn: ctx.stderr });
      try {
        await engine.controller.act(flags.namespace ?? 'default', name, verb.event(flags));
        ctx.stdout(`workflow ${name} ${verb.done}\n`);
      } finally {
        await engine.close();
      }
    });
  }
}
