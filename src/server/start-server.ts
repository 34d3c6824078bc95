import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Controller } from '../controller/index.js';
import type { Executor } from '../executors/index.js';
import { createBuiltinIdp, createTokenVerifier, type BuiltinIdp, type IssuerConfig, type TokenVerifier } from '../identity/index.js';
import type { Store } from '../store/index.js';
import { buildServer } from './build-server.js';
import { ServerError } from './errors.js';
import { resolveTls, type TlsSettings } from './tls-material.js';

export interface StartServerOptions {
  controller: Controller;
  store: Store;
  executor: Executor;
  dataDir: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Public base URL, when clients reach the server under another name than host:port. */
  url?: string;
  tls: TlsSettings;
  /** Allows plain HTTP on a non-loopback address (a TLS-terminating proxy in front). */
  insecurePlainHttp?: boolean;
  /** The built-in IdP under /oidc (default true). */
  builtinIdp?: boolean;
  /** External token issuers (keyflow.yaml auth.issuers). */
  issuers?: IssuerConfig[];
  logger?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** The built-in IdP, when it runs (to add users and service-account clients). */
  idp?: BuiltinIdp;
  /** Issuer of the built-in IdP, when it runs. */
  issuer?: string;
  /** First start only: the admin account created, with its one-time password unless it came from the environment. */
  admin?: { username: string; password?: string };
  /** SHA-256 fingerprint of the certificate in use. */
  tlsFingerprint?: string;
  /** What is insecure by choice in this configuration (printed at start). */
  warnings: string[];
  close(): Promise<void>;
}

/** Loopback addresses: the only ones plain HTTP may listen on without an explicit opt-in. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function isOrigin(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  return (u.protocol === 'http:' || u.protocol === 'https:') && (u.pathname === '/' || u.pathname === '') && !u.search && !u.hash && !u.username && !u.password;
}

function urlOf(protocol: string, host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `${protocol}://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

function warningsFor(opts: StartServerOptions, tls: { selfSigned: boolean } | undefined): string[] {
  const out: string[] = [];
  if (!tls) out.push(isLoopback(opts.host) ? 'plain HTTP on a loopback address: fine on this machine, use --tls-cert/--tls-key (or --tls-self-signed) for anything else'
    : `plain HTTP on ${opts.host} (--insecure-plain-http): tokens and passwords cross the network unencrypted unless a TLS proxy sits in front`);
  if (tls?.selfSigned) out.push('self-signed TLS certificate: clients must pin its fingerprint or skip verification (development only)');
  if (opts.builtinIdp !== false) out.push('built-in identity provider: users and keys live in this server\'s database; configure auth.issuers for a corporate IdP');
  return out;
}

/**
 * Starts `keyflow server`: checks the transport (no plain HTTP off loopback unless asked), loads or makes
 * the certificate, listens, then creates the built-in IdP whose issuer is the URL actually listened on
 * (with --port 0 it is only known then; /oidc and the verifier are bound to it late, before anything
 * can have asked), bootstraps the first admin and trusts the IdP plus the configured external issuers.
 */
export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  if (opts.url !== undefined && !isOrigin(opts.url)) {
    throw new ServerError('ERR_SERVER_CONFIG', `--url must be an http(s) origin without path, query or credentials (e.g. https://keyflow.example.com), not '${opts.url}'`);
  }
  const tls = await resolveTls(opts.tls, opts.dataDir, opts.host);
  if (!tls && !isLoopback(opts.host) && !opts.insecurePlainHttp) {
    throw new ServerError('ERR_SERVER_INSECURE', `refusing plain HTTP on ${opts.host}: give --tls-cert/--tls-key or --tls-self-signed, or --insecure-plain-http behind a TLS proxy`);
  }
  if (opts.builtinIdp === false && (opts.issuers ?? []).length === 0) {
    throw new ServerError('ERR_SERVER_CONFIG', 'no token issuer: keep the built-in IdP (auth.builtinIdp) or configure auth.issuers');
  }
  let verifier: TokenVerifier | undefined;
  let idp: BuiltinIdp | undefined;
  const app = await buildServer({
    controller: opts.controller, store: opts.store, executor: opts.executor, dataDir: opts.dataDir, logger: opts.logger ?? true,
    ...(tls ? { tls: { cert: tls.cert, key: tls.key } } : {}),
    verifier: { verify: (token) => (verifier ? verifier.verify(token) : Promise.reject(new ServerError('ERR_SERVER_UNAUTHENTICATED', 'the server is still starting'))) },
    ...(opts.builtinIdp === false ? {} : { idp: { handle: (req, res) => (idp ? idp.handle(req, res) : res.writeHead(503).end('starting')) } }),
  });
  await app.listen({ host: opts.host, port: opts.port });
  try {
    const url = (opts.url ?? urlOf(tls ? 'https' : 'http', opts.host, (app.server.address() as AddressInfo).port)).replace(/\/+$/, '');
    let admin: RunningServer['admin'];
    if (opts.builtinIdp !== false) {
      idp = await createBuiltinIdp({ store: opts.store, serverUrl: url, dataDir: opts.dataDir, onError: (err) => app.log.error({ err }, 'identity provider error') });
      const boot = await idp.bootstrap();
      if (boot.adminCreated) admin = { username: boot.username, ...(boot.password ? { password: boot.password } : {}) };
    }
    verifier = createTokenVerifier({ issuers: [...(idp ? [idp.issuerConfig()] : []), ...(opts.issuers ?? [])] });
    const running: RunningServer = {
      app, url, warnings: warningsFor(opts, tls),
      ...(idp ? { idp, issuer: idp.issuer } : {}), ...(admin ? { admin } : {}), ...(tls ? { tlsFingerprint: tls.fingerprint } : {}),
      close: async () => {
        await app.close();
        await idp?.close();
      },
    };
    return running;
  } catch (err) {
    await app.close();
    await idp?.close();
    throw err;
  }
}
