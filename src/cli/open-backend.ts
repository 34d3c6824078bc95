import type { Command } from 'commander';
import type { CliContext } from './program.js';
import { withEngineFlags, type EngineFlags } from './embedded.js';
import { EmbeddedBackend } from './embedded-backend.js';
import { RemoteBackend } from './remote-backend.js';
import { connect, resolveTarget, type RemoteTarget, type TargetFlags } from './remote/index.js';
import { CliError } from './cli-error.js';
import type { Backend } from './backend.js';

/** Flags of every verb that works in both modes. */
export interface VerbFlags extends EngineFlags, TargetFlags {}

/** Adds --server, --ca-file and --insecure-skip-tls-verify to a verb. */
export function withServerFlags(cmd: Command): Command {
  return cmd
    .option('--server <url>', 'talk to this keyflow server instead of the embedded engine (or $KEYFLOW_SERVER)')
    .option('--ca-file <file>', 'trust the server certificate signed by this CA (PEM; or $KEYFLOW_CA_FILE)')
    .option('--insecure-skip-tls-verify', 'do not verify the server certificate (development only; or $KEYFLOW_INSECURE_SKIP_VERIFY=true)');
}

/** The embedded engine's flags plus the server flags: the flags of a verb with two backends. */
export function withVerbFlags(cmd: Command): Command {
  return withServerFlags(withEngineFlags(cmd));
}

/** The server in force for this verb (printing its warnings), or undefined for embedded mode. */
export function remoteTargetOf(flags: TargetFlags, ctx: CliContext, opts: { useCurrent?: boolean } = {}): RemoteTarget | undefined {
  const target = resolveTarget(flags, process.env, opts);
  for (const warning of target?.warnings ?? []) ctx.stderr(warning);
  return target;
}

/** Embedded unless --server or $KEYFLOW_SERVER names a server; engine-only flags are refused remotely. */
export function openBackend(flags: VerbFlags, ctx: CliContext): Backend {
  const target = remoteTargetOf(flags, ctx);
  if (!target) return new EmbeddedBackend(flags, ctx.stderr);
  const local = [flags.dataDir !== undefined && '--data-dir', flags.database !== undefined && '--database', flags.sandbox === false && '--no-sandbox'].filter(Boolean);
  if (local.length > 0) throw new CliError(`${local.join(', ')} configure the embedded engine and cannot be used with a server (${target.key})`);
  return new RemoteBackend(connect(target).client);
}

/** Runs `fn` with the verb's backend and closes it afterwards, also on error. */
export async function withBackend<T>(flags: VerbFlags, ctx: CliContext, fn: (backend: Backend) => Promise<T>): Promise<T> {
  const backend = openBackend(flags, ctx);
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}
