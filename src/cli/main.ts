import { createProgram, exitCodeOf, EXIT_FAILED, type CliContext, type CommandModule } from './program.js';
import { isKeyflowError } from '../errors/index.js';

const COMMANDS: CommandModule[] = [];

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
    if (isKeyflowError(err)) {
      ctx.stderr(`error: ${err.message} (${err.code})\n`);
      return err.status === 400 ? 2 : EXIT_FAILED;
    }
    throw err;
  }
}
