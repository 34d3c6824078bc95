/**
 * A real server for tests: SQLite store in a fresh data directory, the real local executor (sandboxed
 * when bwrap works here), a started Controller and buildServer. Tokens are ES256 JWTs signed with a key
 * generated per fixture and checked by the identity domain's real verifier.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { Controller } from '../../src/controller/index.js';
import { createLocalExecutor, detectSandbox, type Executor } from '../../src/executors/index.js';
import { createTokenVerifier } from '../../src/identity/index.js';
import { buildServer } from '../../src/server/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import type { ServerOptions } from '../../src/server/index.js';

export const ISSUER = 'https://issuer.test';
export const AUDIENCE = 'keyflow';

type Verifier = ServerOptions['verifier'];

export interface TestKeys {
  privateKey: CryptoKey;
  verifier: Verifier;
  /** A valid access token for `sub` (extra claims override the defaults). */
  token(sub?: string, claims?: Record<string, unknown>): Promise<string>;
}

/**
 * A locally generated ES256 key trusted by the identity domain's real verifier (issuer configured with
 * inline JWKS, so nothing is fetched).
 */
export async function createTestKeys(): Promise<TestKeys> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
  const verifier = createTokenVerifier({ issuers: [{ issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'], jwks: { keys: [jwk] } }] });
  return {
    privateKey, verifier,
    token: (sub = 'alice', claims = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub, groups: ['dev'], iat: now, exp: now + 600, ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'test-key' }).sign(privateKey);
    },
  };
}

export interface TestServer {
  app: FastifyInstance;
  store: Store;
  executor: Executor;
  controller: Controller;
  dataDir: string;
  keys: TestKeys;
  /** Authorization header of a valid token. */
  auth: Record<string, string>;
  /** inject() with the valid token; `body` is sent as JSON. */
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Starts a server on a fresh SQLite store with a real controller and local executor. */
export async function startTestServer(opts: { store?: Store; dataDir?: string; executorOverride?: Executor; controller?: Partial<ConstructorParameters<typeof Controller>[0]>; eventPollMs?: number } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'keyflow-server-'));
  // The unprivileged task user must traverse to its task directory (see docs/executor.md).
  chmodSync(dataDir, 0o711);
  const store = opts.store ?? await openStore({ sqlitePath: join(dataDir, 'keyflow.db') });
  const executor = opts.executorOverride ?? await createLocalExecutor({ dataDir, sandbox: (await detectSandbox()).available });
  const controller = new Controller({ store, executor, dataDir, ...opts.controller });
  await controller.start();
  const keys = await createTestKeys();
  const app = await buildServer({ controller, store, executor, dataDir, verifier: keys.verifier, ...(opts.eventPollMs !== undefined ? { eventPollMs: opts.eventPollMs } : {}) });
  const auth = { authorization: `Bearer ${await keys.token()}` };
  return {
    app, store, executor, controller, dataDir, keys, auth,
    call: (method, url, body, headers = {}) => app.inject({
      method: method as 'GET', url, headers: { ...auth, ...headers },
      ...(body !== undefined ? { payload: JSON.stringify(body), headers: { ...auth, 'content-type': 'application/json', ...headers } } : {}),
    }),
    async close() {
      await app.close();
      await controller.close();
      if (!opts.store) await store.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A workflow manifest (Argo JSON) with one `echo` task. */
export function echoWorkflow(name: string, text = 'hello', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name, ...extra },
    spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox', command: ['echo', text] } }] },
  };
}

/** Polls until `check` is true (bounded, for states reached asynchronously). */
export async function waitUntil(check: () => Promise<boolean> | boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
