import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { openEmbedded } from '../embedded.js';
import { CliError } from '../cli-error.js';
import type { RunningServer, ServerConfig } from '../../server/index.js';

interface ServerFlags {
  config?: string;
  port?: number;
  host?: string;
  url?: string;
  dataDir?: string;
  database?: string;
  sandbox?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  tlsSelfSigned?: boolean;
  insecurePlainHttp?: boolean;
}

const DEFAULT_PORT = 2746;
const DEFAULT_HOST = '127.0.0.1';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, not '${value}'`);
  return port;
}

/** Flags win over keyflow.yaml, which wins over the defaults. */
function settingsOf(flags: ServerFlags, config: ServerConfig, sandboxFromCli: boolean) {
  const tls = {
    ...config.tls,
    ...(flags.tlsCert !== undefined ? { cert: flags.tlsCert } : {}),
    ...(flags.tlsKey !== undefined ? { key: flags.tlsKey } : {}),
    ...(flags.tlsSelfSigned ? { selfSigned: true } : {}),
  };
  return {
    port: flags.port ?? config.port ?? DEFAULT_PORT,
    host: flags.host ?? config.host ?? DEFAULT_HOST,
    url: flags.url ?? config.url,
    engine: {
      dataDir: flags.dataDir ?? config.dataDir,
      database: flags.database ?? config.database,
      sandbox: sandboxFromCli ? flags.sandbox !== false : config.sandbox ?? true,
    },
    tls,
  };
}

function printStart(ctx: CliContext, server: RunningServer, dataDir: string): void {
  ctx.stdout(`Keyflow server listening on ${server.url}\n`);
  ctx.stdout(`  API:        ${server.url}/api/v1\n`);
  if (server.issuer) ctx.stdout(`  Issuer:     ${server.issuer}\n`);
  if (server.tlsFingerprint) ctx.stdout(`  TLS SHA-256 fingerprint: ${server.tlsFingerprint}\n`);
  ctx.stdout(`  Data dir:   ${dataDir}\n`);
  for (const warning of server.warnings) ctx.stderr(`warning: ${warning}\n`);
  ctx.stdout(`\nLog in from another terminal:\n  keyflow login --server ${server.url}\n`);
  if (server.admin?.password) {
    ctx.stdout(`  first start: user '${server.admin.username}', one-time password: ${server.admin.password}\n`);
    ctx.stdout('  (shown only now and stored only as a hash; set KEYFLOW_ADMIN_PASSWORD to choose it instead)\n');
  } else if (server.admin) {
    ctx.stdout(`  first start: user '${server.admin.username}' created with the password from KEYFLOW_ADMIN_PASSWORD\n`);
  }
  ctx.stdout('Stop with Ctrl-C (SIGINT) or SIGTERM.\n');
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}

/**
 * `keyflow server`: the engine behind the HTTP API. With no flags: SQLite in the data directory, the local
 * executor, the built-in IdP under /oidc, plain HTTP on 127.0.0.1:2746; it prints the URL, what is
 * insecure by choice, and how to log in. SIGINT/SIGTERM stop it gracefully (streams end, requests finish).
 */
export function registerServer(program: Command, ctx: CliContext): void {
  program.command('server').description('run the Keyflow API server (Argo-compatible API, built-in identity provider)')
    .option('--config <file>', 'keyflow.yaml with server settings (flags win over it)')
    .option('--port <port>', `port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`, parsePort)
    .option('--host <address>', `address to listen on (default ${DEFAULT_HOST})`)
    .option('--url <url>', 'public URL clients use, when it differs from host:port (the IdP issuer is URL/oidc)')
    .option('--data-dir <dir>', 'database, logs and artifacts (default $KEYFLOW_DATA_DIR, ~/.keyflow, or /var/lib/keyflow as root)')
    .option('--database <url>', 'postgres://... to use PostgreSQL (needed for several replicas) instead of SQLite')
    .option('--no-sandbox', 'run tasks as plain child processes instead of inside bubblewrap (weaker isolation)')
    .option('--tls-cert <file>', 'TLS certificate (PEM)')
    .option('--tls-key <file>', 'TLS private key (PEM)')
    .option('--tls-self-signed', 'generate (and keep in the data dir) a self-signed certificate, for development')
    .option('--insecure-plain-http', 'allow plain HTTP on a non-loopback address (a TLS proxy in front)')
    .action(async (flags: ServerFlags, cmd: Command) => {
      // Loaded on use: the server pulls in Fastify and oidc-provider, which no other verb needs.
      const { loadServerConfig, startServer } = await import('../../server/index.js');
      const config = loadServerConfig(flags.config);
      const settings = settingsOf(flags, config, cmd.getOptionValueSource('sandbox') === 'cli');
      const engine = await openEmbedded(settings.engine, { warn: ctx.stderr });
      let server: RunningServer | undefined;
      try {
        server = await startServer({
          controller: engine.controller, store: engine.store, executor: engine.executor, dataDir: engine.dataDir,
          host: settings.host, port: settings.port, ...(settings.url ? { url: settings.url } : {}), tls: settings.tls,
          insecurePlainHttp: flags.insecurePlainHttp === true, builtinIdp: config.auth?.builtinIdp ?? true, issuers: config.auth?.issuers ?? [],
        });
        printStart(ctx, server, engine.dataDir);
        const signal = await untilSignal();
        ctx.stderr(`${signal}: shutting down\n`);
      } finally {
        await server?.close();
        await engine.close();
      }
    });
}
