import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { withBackend, withVerbFlags, type VerbFlags } from '../open-backend.js';
import type { RunAction } from '../backend.js';

interface ActionFlags extends VerbFlags {
  node?: string;
  message?: string;
}

type Verb = { name: string; description: string; action: (flags: ActionFlags) => RunAction; done: string };

const VERBS: Verb[] = [
  { name: 'resume', description: 'resume a suspended workflow or suspend node', action: (f) => ({ type: 'resume', ...(f.node ? { node: f.node } : {}) }), done: 'resumed' },
  { name: 'suspend', description: 'suspend a workflow: no new task starts until it is resumed', action: () => ({ type: 'suspend' }), done: 'suspended' },
  { name: 'stop', description: 'stop a workflow: kill its tasks, then run its exit handler', action: (f) => ({ type: 'stop', ...(f.message ? { message: f.message } : {}) }), done: 'stopped' },
  { name: 'terminate', description: 'terminate a workflow immediately, without exit handlers', action: () => ({ type: 'terminate' }), done: 'terminated' },
];

/**
 * resume / suspend / stop / terminate. Embedded, the change is written to the store with optimistic
 * concurrency and the process driving the workflow (e.g. `keyflow run` in another terminal) picks it
 * up; remote, the server applies it.
 */
export function registerActions(program: Command, ctx: CliContext): void {
  for (const verb of VERBS) {
    const cmd = withVerbFlags(program.command(verb.name).description(verb.description).argument('<name>'));
    if (verb.name === 'resume') cmd.option('--node <name>', 'resume only this suspend node (name or display name)');
    if (verb.name === 'stop') cmd.option('--message <text>', 'why the workflow was stopped');
    cmd.action(async (name: string, flags: ActionFlags) => {
      await withBackend(flags, ctx, async (backend) => {
        await backend.act(flags.namespace ?? 'default', name, verb.action(flags));
        ctx.stdout(`workflow ${name} ${verb.done}\n`);
      });
    });
  }
}
