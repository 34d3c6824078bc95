import { Command, CommanderError } from 'commander';

/** Exit codes shared by every verb: 0 ok, 1 the thing failed (lint errors, workflow Failed), 2 usage. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** What each command file exports: it adds its verb to the program and sets `ctx.exitCode` when run. */
export type CommandModule = (program: Command, ctx: CliContext) => void;

export interface CliContext {
  exitCode: number;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Builds the root `keyflow` command with usage errors mapped to exit code 2. */
export function createProgram(ctx: CliContext): Command {
  const program = new Command('keyflow')
    .description('Identity-aware workflow engine for Argo-format workflows')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });
  return program;
}

/** Maps a commander exit (help, version, usage error) to our exit codes. */
export function exitCodeOf(err: unknown): number | undefined {
  if (!(err instanceof CommanderError)) return undefined;
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return EXIT_OK;
  return EXIT_USAGE;
}
