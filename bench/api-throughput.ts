/**
 * API throughput: authenticated `GET /api/v1/workflows/{ns}` (100 stored workflows, Argo's list without
 * node maps) against a real server on 127.0.0.1:0, driven by autocannon over loopback for a bounded time.
 * Every request carries a bearer JWT that the identity domain's verifier checks (cached keys), so the
 * figure covers authentication, the store query and serialization. Prints requests/s and p99 latency.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { Controller } from '../src/controller/index.js';
import type { Executor, TaskLaunch, TaskOutcome } from '../src/executors/index.js';
import { createTokenVerifier } from '../src/identity/index.js';
import { buildServer } from '../src/server/index.js';
import type { Workflow } from '../src/spec/index.js';
import { openStore } from '../src/store/index.js';

const ISSUER = 'https://bench.keyflow.invalid';

/** Completes every task at once: the stored workflows are what matters here, not their processes. */
class InstantExecutor implements Executor {
  async run(launch: TaskLaunch): Promise<TaskOutcome> {
    const at = new Date().toISOString();
    return { taskId: launch.taskId, exitCode: 0, result: 'ok', outputParameters: {}, outputArtifacts: {}, startedAt: at, finishedAt: at };
  }
  async recover(): Promise<TaskOutcome | undefined> { return undefined; }
  logPath(taskId: string): string { return `/nonexistent/${taskId}`; }
  async cleanup(): Promise<void> {}
}

function workflow(i: number): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: `bench-${i}`, labels: { bench: 'api', shard: String(i % 4) } },
    spec: { entrypoint: 'main', templates: [{ name: 'main', dag: { tasks: [{ name: 'a', template: 'noop' }, { name: 'b', template: 'noop', dependencies: ['a'] }] } }, { name: 'noop', container: { image: 'none', command: ['true'] } }] },
  } as Workflow;
}

export interface ApiThroughput {
  requestsPerSecond: number;
  p99Ms: number;
}

/** Runs the load for `durationSeconds` (default 10) with `connections` concurrent clients (default 10). */
export async function benchApiThroughput(opts: { workflows?: number; durationSeconds?: number; connections?: number; path?: string } = {}): Promise<ApiThroughput> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyflow-bench-api-'));
  const store = await openStore({ sqlitePath: join(dataDir, 'keyflow.db') });
  const executor = new InstantExecutor();
  const controller = new Controller({ store, executor, dataDir });
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' };
  const verifier = createTokenVerifier({ issuers: [{ issuer: ISSUER, audience: 'keyflow', algorithms: ['ES256'], jwks: { keys: [jwk] } }] });
  const token = await new SignJWT({ groups: ['bench'] }).setProtectedHeader({ alg: 'ES256', kid: 'bench' })
    .setIssuer(ISSUER).setAudience('keyflow').setSubject('bench').setIssuedAt().setExpirationTime('1h').sign(privateKey);
  const app = await buildServer({ controller, store, executor, dataDir, verifier });
  try {
    await controller.start();
    for (let i = 0; i < (opts.workflows ?? 100); i++) await controller.waitFor((await controller.submit(workflow(i))).uid);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const path = opts.path ?? '/api/v1/workflows/default';
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${path}`;
    const headers = { authorization: `Bearer ${token}` };
    const probe = await fetch(url, { headers });
    if (probe.status !== 200) throw new Error(`probe answered ${probe.status}`);
    const items = path === '/api/v1/workflows/default' ? ((await probe.json()) as { items?: unknown[] }).items?.length : undefined;
    if (items !== undefined && items !== (opts.workflows ?? 100)) throw new Error(`probe listed ${items} workflows`);
    // The load generator runs in a worker thread so it does not share the server's event loop.
    const result = await autocannon({ url, headers, connections: opts.connections ?? 10, duration: opts.durationSeconds ?? 10, workers: 1 });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
    return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99 };
  } finally {
    await app.close();
    await controller.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const durationSeconds = Number(process.argv[2] ?? 10);
  const r = await benchApiThroughput({ durationSeconds });
  console.log(`api: authenticated GET /api/v1/workflows/default (100 workflows): ${Math.round(r.requestsPerSecond)} requests/s, p99 ${r.p99Ms.toFixed(1)} ms`);
  // Reference points: the same server answering a public health check and an authenticated tiny route.
  for (const path of ['/healthz', '/api/v1/info']) {
    const ref = await benchApiThroughput({ durationSeconds, path });
    console.log(`api: GET ${path} (reference): ${Math.round(ref.requestsPerSecond)} requests/s, p99 ${ref.p99Ms.toFixed(1)} ms`);
  }
}
