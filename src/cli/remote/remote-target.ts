import { isIP } from 'node:net';
import { HttpTransport, type TlsOptions } from './http-transport.js';
import { ApiClient } from './api-client.js';
import { configPath, readConfig } from './cli-config.js';
import { createTokenSource } from './token-source.js';
import { CliError } from '../cli-error.js';

/** Flags every remote-capable verb accepts. */
export interface TargetFlags {
  server?: string;
  caFile?: string;
  insecureSkipTlsVerify?: boolean;
}

/** A server to talk to, how to trust it, and where its tokens are kept. */
export interface RemoteTarget {
  url: URL;
  /** The server's key in the config file: its URL without a trailing slash. */
  key: string;
  tls: TlsOptions;
  configFile: string;
  /** Things the user should know before anything is sent (plain HTTP, TLS verification off). */
  warnings: string[];
}

/** Parses a server URL: http or https, no credentials, query or fragment; trailing slashes dropped. */
export function normalizeServer(raw: string): { url: URL; key: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`invalid server URL '${raw}': expected http(s)://host[:port]`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CliError(`invalid server URL '${raw}': the scheme must be https or http`);
  if (url.username || url.password) throw new CliError('invalid server URL: credentials do not belong in the URL; use keyflow login');
  if (url.search || url.hash) throw new CliError(`invalid server URL '${raw}': no query or fragment`);
  const key = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return { url: new URL(key), key };
}

function envTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes'].includes(value.toLowerCase());
}

/** True for 127.0.0.0/8, ::1 and localhost, where plain HTTP never leaves the machine. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * The server the CLI talks to: --server, else $KEYFLOW_SERVER, else (login, logout and whoami only) the
 * server last logged in to. Undefined means embedded mode. TLS settings come from the flags, then
 * $KEYFLOW_CA_FILE / $KEYFLOW_INSECURE_SKIP_VERIFY, then what `login` stored for that server.
 */
export function resolveTarget(flags: TargetFlags, env: NodeJS.ProcessEnv = process.env, opts: { useCurrent?: boolean } = {}): RemoteTarget | undefined {
  const configFile = configPath(env);
  const raw = flags.server ?? env.KEYFLOW_SERVER ?? (opts.useCurrent ? readConfig(configFile).current : undefined);
  if (raw === undefined || raw === '') return undefined;
  const { url, key } = normalizeServer(raw);
  const stored = readConfig(configFile).servers[key];
  const caFile = flags.caFile ?? env.KEYFLOW_CA_FILE ?? stored?.caFile;
  const insecure = flags.insecureSkipTlsVerify === true || envTrue(env.KEYFLOW_INSECURE_SKIP_VERIFY) || stored?.insecureSkipTlsVerify === true;
  const warnings: string[] = [];
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) warnings.push(`warning: ${key} is plain HTTP: tokens and workflow data cross the network unencrypted\n`);
  if (insecure && url.protocol === 'https:') warnings.push(`warning: TLS certificate verification is off for ${key} (--insecure-skip-tls-verify): anyone on the path can read and change this traffic\n`);
  return { url, key, tls: { ...(caFile ? { caFile } : {}), ...(insecure ? { insecureSkipVerify: true } : {}) }, configFile, warnings };
}

/** An API client for the target, its bearer token taken (and renewed) from the config file. */
export function connect(target: RemoteTarget): { client: ApiClient; transport: HttpTransport } {
  const transport = new HttpTransport(target.tls);
  const tokens = createTokenSource({ server: target.key, configFile: target.configFile, transport });
  const client = new ApiClient({ server: target.url, transport, token: () => tokens.token(), refresh: () => tokens.refresh() });
  return { client, transport };
}
