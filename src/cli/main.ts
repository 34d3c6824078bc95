import { createProgram, exitCodeOf, EXIT_FAILED, EXIT_USAGE, type CliContext, type CommandModule } from './program.js';
import { isKeyflowError } from '../errors/index.js';
import { CliRemoteError } from './cli-error.js';
import { registerLint } from './commands/lint.js';
import { registerRun } from './commands/run.js';
import { registerSubmit } from './commands/submit.js';
import { registerList } from './commands/list.js';
import { registerGet } from './commands/get.js';
import { registerLogs } from './commands/logs.js';
import { registerActions } from './commands/actions.js';
import { registerRetry } from './commands/retry.js';
import { registerDelete } from './commands/delete.js';
import { registerApply } from './commands/apply.js';
import { registerWatch } from './commands/watch.js';
import { registerTemplate } from './commands/template.js';
import { registerLogin } from './commands/login.js';
import { registerLogout } from './commands/logout.js';
import { registerWhoami } from './commands/whoami.js';
import { registerServer } from './commands/server.js';

const COMMANDS: CommandModule[] = [
  registerLint, registerRun, registerSubmit, registerList, registerGet, registerLogs, registerActions, registerRetry,
  registerDelete, registerApply, registerWatch, registerTemplate, registerLogin, registerLogout, registerWhoami, registerServer,
];

/** Exit code of a failed command: 2 for usage errors (and a server's InvalidArgument), else 1. */
function exitCodeOfError(err: unknown): number {
  if (err instanceof CliRemoteError) return err.httpStatus === 400 ? EXIT_USAGE : EXIT_FAILED;
  if (isKeyflowError(err)) return err.code === 'ERR_CLI_USAGE' || err.status === 400 ? EXIT_USAGE : EXIT_FAILED;
  const exit = (err as { exitCode?: unknown }).exitCode;
  return typeof exit === 'number' ? exit : EXIT_FAILED;
}

/** Runs the keyflow CLI with the given argv and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const ctx: CliContext = {
    exitCode: 0,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
  const program = createProgram(ctx);
  for (const register of COMMANDS) register(program, ctx);
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    const code = exitCodeOf(err);
    if (code !== undefined) return code;
    if (isKeyflowError(err)) ctx.stderr(`error: ${err.message} (${err.code})\n`);
    else ctx.stderr(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return exitCodeOfError(err);
  }
}
