import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { withBackend, withVerbFlags, type VerbFlags } from '../open-backend.js';

/** `keyflow delete NAME...`: removes workflows with their logs and artifacts (terminating running ones). */
export function registerDelete(program: Command, ctx: CliContext): void {
  withVerbFlags(program.command('delete').description('delete workflows with their logs and artifacts').argument('<names...>'))
    .action(async (names: string[], flags: VerbFlags) => {
      await withBackend(flags, ctx, async (backend) => {
        for (const name of names) {
          await backend.delete(flags.namespace ?? 'default', name);
          ctx.stdout(`workflow ${name} deleted\n`);
        }
      });
    });
}
