import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { openEmbedded, withEngineFlags, type EngineFlags } from '../embedded.js';

/** `keyflow delete NAME...`: removes workflows with their logs and artifacts (terminating running ones). */
export function registerDelete(program: Command, ctx: CliContext): void {
  withEngineFlags(program.command('delete').description('delete workflows with their logs and artifacts').argument('<names...>'))
    .action(async (names: string[], flags: EngineFlags) => {
      const engine = await openEmbedded(flags, { start: false, warn: ctx.stderr });
      try {
        for (const name of names) {
          await engine.controller.delete(flags.namespace ?? 'default', name);
          ctx.stdout(`workflow ${name} deleted\n`);
        }
      } finally {
        await engine.close();
      }
    });
}
