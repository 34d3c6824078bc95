/**
 * Cost of the local executor around a sandboxed process: n tasks of `true` through executor.run() against n
 * bare child_process.spawn() calls of the same bwrap command line (same user, same clean environment, pipes
 * read), sequentially and interleaved in rounds so machine noise hits both sides alike.
 *
 *   node --import tsx bench/executor-overhead.ts [n]
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLocalExecutor, detectSandbox, type TaskLaunch } from '../src/executors/index.js';
import { buildBwrapArgs } from '../src/executors/build-bwrap-args.js';
import { buildTaskEnv } from '../src/executors/build-task-env.js';

const ROUNDS = 10;

/** Runs the comparison and returns total wall time of each side and their ratio. */
export async function benchExecutorOverhead(n = 500): Promise<{ keyflowMs: number; bareMs: number; ratio: number }> {
  const root = await mkdtemp('/var/tmp/keyflow-bench-exec-');
  await chmod(root, 0o711);
  try {
    const dataDir = join(root, 'data');
    const executor = await createLocalExecutor({ dataDir, sandbox: true });
    const isRoot = process.getuid?.() === 0;
    const runAs = isRoot ? { uid: 65534, gid: 65534 } : undefined;
    const sandbox = await detectSandbox({ runAs });
    const bareTmp = join(root, 'bare-tmp');
    await mkdir(bareTmp);
    await chmod(bareTmp, 0o1777);
    const bareArgs = buildBwrapArgs(
      { taskTmp: bareTmp, rootEntries: [], unfolds: [], binds: [], rootDirs: [], workingDir: '/tmp' },
      { network: false, hide: [dataDir], asRoot: !isRoot && process.getuid?.() === 0 }, ['true'],
    );
    const env = buildTaskEnv({}, '/tmp', true);
    let seq = 0;
    const launch = (): TaskLaunch => ({
      taskId: `bench/t-${++seq}`, command: ['true'], env: {}, files: [], inputArtifacts: [],
      outputs: { parameters: [], artifacts: [] }, artifactDir: join(root, 'artifacts'), network: false,
    });
    const bare = (): Promise<void> => new Promise((resolve, reject) => {
      const child = spawn(sandbox.path!, bareArgs, { env, cwd: '/', detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...(runAs ?? {}) });
      child.stdout.resume();
      child.stderr.resume();
      child.once('error', reject);
      child.once('close', () => resolve());
    });
    for (let i = 0; i < 5; i++) { await executor.run(launch()); await bare(); }
    let keyflowMs = 0;
    let bareMs = 0;
    const perRound = Math.max(1, Math.round(n / ROUNDS));
    for (let done = 0; done < n; done += perRound) {
      const count = Math.min(perRound, n - done);
      let start = performance.now();
      for (let i = 0; i < count; i++) await executor.run(launch());
      keyflowMs += performance.now() - start;
      start = performance.now();
      for (let i = 0; i < count; i++) await bare();
      bareMs += performance.now() - start;
    }
    return { keyflowMs: Math.round(keyflowMs), bareMs: Math.round(bareMs), ratio: Number((keyflowMs / bareMs).toFixed(3)) };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 500);
  const { keyflowMs, bareMs, ratio } = await benchExecutorOverhead(n);
  console.log(`executor overhead, ${n} sequential tasks of \`true\` in bwrap`);
  console.log(`  keyflow executor.run: ${keyflowMs} ms total, ${(keyflowMs / n).toFixed(2)} ms/task`);
  console.log(`  bare spawn(bwrap):    ${bareMs} ms total, ${(bareMs / n).toFixed(2)} ms/task`);
  console.log(`  ratio:                ${ratio}x`);
}
