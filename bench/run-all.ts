/**
 * `npm run bench`: every benchmark, one after another, printing figures (never asserting on them).
 * Benchmarks of parts that are not in this checkout yet are reported as skipped.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Bench {
  name: string;
  module: string;
  run: (mod: Record<string, unknown>) => Promise<void>;
}

const n = Number(process.env.KEYFLOW_BENCH_TASKS ?? 10_000);

const BENCHES: Bench[] = [
  {
    name: 'engine throughput (10,000-task DAGs, instant executor, durable)',
    module: './engine-throughput.ts',
    run: async (m) => {
      const run = m.runEngineBench as (n: number) => Promise<unknown[]>;
      const print = m.printEngine as (f: unknown) => void;
      for (const f of await run(n)) print(f);
    },
  },
  {
    name: 'local executor overhead (500 x `true` through Keyflow vs bare bwrap spawns)',
    module: './executor-overhead.ts',
    run: async (m) => {
      const r = await (m.benchExecutorOverhead as (n: number) => Promise<{ keyflowMs: number; bareMs: number; ratio: number }>)(500);
      console.log(`executor: keyflow ${r.keyflowMs.toFixed(0)} ms, bare ${r.bareMs.toFixed(0)} ms, ratio ${r.ratio.toFixed(2)}x`);
    },
  },
  {
    name: 'token verification (cached JWKS)',
    module: './token-verification.ts',
    run: async (m) => {
      const r = await (m.benchTokenVerification as () => Promise<{ perSecond: number }>)();
      console.log(`token verification: ${Math.round(r.perSecond)} verifications/s`);
    },
  },
  {
    name: 'authenticated GET /api/v1/workflows (loopback load)',
    module: './api-throughput.ts',
    run: async (m) => {
      const r = await (m.benchApiThroughput as () => Promise<{ requestsPerSecond: number; p99Ms: number }>)();
      console.log(`api: ${Math.round(r.requestsPerSecond)} requests/s, p99 ${r.p99Ms.toFixed(1)} ms`);
    },
  },
  {
    name: 'authorization decisions vs casbin (10, 1,000, 10,000 bindings)',
    module: './access-decisions.ts',
    run: async (m) => {
      const rows = await (m.benchAccessDecisions as () => Promise<unknown[]>)();
      (m.printAccessBench as (rows: unknown[], timerUs: number) => void)(rows, (m.timerOverheadUs as () => number)());
    },
  },
  {
    name: 'audit append with hash chaining (SQLite, PostgreSQL)',
    module: './audit-append.ts',
    run: async (m) => (m.printAuditBench as (rows: unknown[]) => void)(await (m.benchAuditAppend as () => Promise<unknown[]>)()),
  },
  {
    name: 'secret redaction of task logs (100 values over 100 MiB)',
    module: './secret-redaction.ts',
    run: async (m) => (m.printRedaction as (r: unknown) => void)(await (m.benchSecretRedaction as () => Promise<unknown>)()),
  },
];

for (const bench of BENCHES) {
  const path = fileURLToPath(new URL(bench.module, import.meta.url));
  console.log(`\n== ${bench.name}`);
  if (!existsSync(path)) {
    console.log(`skipped: ${bench.module} is not in this checkout yet`);
    continue;
  }
  try {
    await bench.run(await import(bench.module) as Record<string, unknown>);
  } catch (err) {
    console.log(`failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
