import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { chmodSync, mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { Controller } from '../controller/index.js';
import { createLocalExecutor, detectSandbox, type Executor } from '../executors/index.js';
import { openStore, type Store } from '../store/index.js';

/** Options every verb that touches the embedded engine accepts. */
export interface EngineFlags {
  dataDir?: string;
  database?: string;
  sandbox?: boolean;
  namespace?: string;
}

/** Adds --data-dir, --database, --no-sandbox and -n to a verb. */
export function withEngineFlags(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'where the embedded engine keeps its database, logs and artifacts (default $KEYFLOW_DATA_DIR, ~/.keyflow, or /var/lib/keyflow as root)')
    .option('--database <url>', 'postgres://... to use PostgreSQL instead of the embedded SQLite file (or $KEYFLOW_DATABASE_URL)')
    .option('--no-sandbox', 'run tasks as plain child processes instead of inside bubblewrap (weaker isolation)')
    .option('-n, --namespace <ns>', 'namespace', 'default');
}

export interface Embedded {
  dataDir: string;
  store: Store;
  executor: Executor;
  controller: Controller;
  close(): Promise<void>;
}

/**
 * The data directory in force: flag, then $KEYFLOW_DATA_DIR, then ~/.keyflow — or /var/lib/keyflow for
 * root, whose home is closed to the unprivileged user tasks run as.
 */
export function dataDirOf(flags: EngineFlags): string {
  const fallback = process.getuid?.() === 0 ? '/var/lib/keyflow' : join(homedir(), '.keyflow');
  return resolve(flags.dataDir ?? process.env.KEYFLOW_DATA_DIR ?? fallback);
}

/** Opens the store alone (for read-only verbs such as list and get). */
export async function openEmbeddedStore(flags: EngineFlags): Promise<{ dataDir: string; store: Store }> {
  const dataDir = dataDirOf(flags);
  // 0711: the unprivileged task user must traverse to its own task directory, but may not list ours.
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  const url = flags.database ?? process.env.KEYFLOW_DATABASE_URL;
  const sqlitePath = join(dataDir, 'keyflow.db');
  const store = await openStore(url ? { url } : { sqlitePath });
  // The database holds everything Keyflow knows: only its owner may read it (WAL files inherit the mode).
  if (!url) chmodSync(sqlitePath, 0o600);
  return { dataDir, store };
}

/**
 * Opens the embedded engine: store, local executor and controller. With the sandbox requested but
 * bwrap missing, it says so and refuses instead of quietly running tasks unsandboxed.
 */
export async function openEmbedded(flags: EngineFlags, opts: { start?: boolean; warn?: (text: string) => void } = {}): Promise<Embedded> {
  const { dataDir, store } = await openEmbeddedStore(flags);
  const sandbox = flags.sandbox !== false;
  if (sandbox) {
    const status = await detectSandbox();
    if (!status.available) {
      await store.close();
      throw Object.assign(new Error(`the bubblewrap sandbox is not available (${status.reason ?? 'bwrap missing'}); install it with 'apt-get install bubblewrap' or run with --no-sandbox`), { exitCode: 2 });
    }
  } else {
    opts.warn?.('warning: --no-sandbox: tasks run as plain processes that can see and write what this user can\n');
  }
  const executor = await createLocalExecutor({ dataDir, sandbox });
  const controller = new Controller({ store, executor, dataDir });
  controller.on('error', (err: unknown) => opts.warn?.(`engine error: ${err instanceof Error ? err.message : String(err)}\n`));
  if (opts.start !== false) await controller.start();
  return {
    dataDir, store, executor, controller,
    async close() {
      await controller.close();
      await store.close();
    },
  };
}
