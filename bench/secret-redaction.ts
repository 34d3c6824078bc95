/**
 * Redaction throughput: 100 secret values (8-64 random characters each, every one expanded into its
 * encodings, see src/secrets/redaction-patterns.ts) masked in 100 MiB of log-like text, through the
 * Transform stream in 64 KiB chunks and through redactBytes on 1 MiB buffers. About one line in a
 * thousand carries a secret (raw, base64 or URL-encoded), so matches are exercised, not only misses.
 * Baseline for scale: String.prototype.replaceAll with the 100 raw values only (no encodings, no
 * chunk boundaries), over 16 MiB.
 *
 * Each figure is given per wall-clock second and per CPU second of this process (user + system, from
 * process.cpuUsage): on a shared or overloaded host the second is the one that describes the code.
 *
 *   node --import tsx bench/secret-redaction.ts [MiB]
 */
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createRedactor } from '../src/secrets/index.js';

export interface RedactionBench {
  values: number;
  patterns: number;
  mib: number;
  streamMBps: number;
  bytesMBps: number;
  replaceAllMBps: number;
  /** The same three per CPU second. */
  streamCpuMBps: number;
  bytesCpuMBps: number;
  replaceAllCpuMBps: number;
  buildMs: number;
  masked: number;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_.:@!';
const WORDS = ['INFO', 'step', 'started', 'task', 'downloaded', 'records', 'from', 'https://example.com/api/v1/items?page=', 'ok', 'retrying', 'in', 'ms', 'user', 'connected', '{"level":"info","msg":"processing"}'];

function randomValue(len: number): string {
  const bytes = randomBytes(len);
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** One MiB of log lines; every ~1000th line contains a value in some form. */
function logBlock(values: string[]): Buffer {
  const lines: string[] = [];
  let size = 0;
  let n = 0;
  while (size < 1024 * 1024) {
    n += 1;
    let line = `2024-05-01T12:00:${String(n % 60).padStart(2, '0')}Z`;
    for (let w = 0; w < 10; w += 1) line += ` ${WORDS[(n * 7 + w * 3) % WORDS.length]}${n % 97}`;
    if (n % 1000 === 0) {
      const v = values[n % values.length] ?? '';
      const forms = [v, Buffer.from(v).toString('base64'), encodeURIComponent(v)];
      line += ` token=${forms[n % 3]}`;
    }
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(`${lines.join('\n')}\n`).subarray(0, 1024 * 1024);
}

/** Runs the measurements (`mib` MiB through each path). */
export async function benchSecretRedaction(mib = 100): Promise<RedactionBench> {
  const values = Array.from({ length: 100 }, (_, i) => randomValue(8 + (i * 7) % 57));
  const t0 = performance.now();
  const redactor = createRedactor(values);
  const buildMs = performance.now() - t0;
  const block = logBlock(values);
  let masked = 0;
  const chunkSize = 64 * 1024;
  const cpuMs = (since: NodeJS.CpuUsage): number => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };
  let cpu = process.cpuUsage();
  const streamStart = performance.now();
  await pipeline(
    Readable.from((function* gen() {
      for (let m = 0; m < mib; m += 1) for (let o = 0; o < block.length; o += chunkSize) yield block.subarray(o, o + chunkSize);
    })()),
    redactor.stream(),
    new Writable({ write(chunk: Buffer, _e, cb) { masked += chunk.length; cb(); } }),
  );
  const streamMs = performance.now() - streamStart;
  const streamCpu = cpuMs(cpu);
  cpu = process.cpuUsage();
  const bytesStart = performance.now();
  for (let m = 0; m < mib; m += 1) redactor.redactBytes(block);
  const bytesMs = performance.now() - bytesStart;
  const bytesCpu = cpuMs(cpu);
  const text = block.toString('utf8');
  const small = Math.max(1, Math.round(mib / 6));
  cpu = process.cpuUsage();
  const replaceStart = performance.now();
  for (let m = 0; m < small; m += 1) {
    let t = text;
    for (const v of values) t = t.replaceAll(v, '[redacted]');
  }
  const replaceMs = performance.now() - replaceStart;
  const replaceCpu = cpuMs(cpu);
  const mb = (n: number) => (n * 1024 * 1024) / 1e6;
  return {
    values: values.length, patterns: redactor.patternCount, mib,
    streamMBps: mb(mib) / (streamMs / 1000), bytesMBps: mb(mib) / (bytesMs / 1000),
    replaceAllMBps: mb(small) / (replaceMs / 1000), buildMs, masked,
    streamCpuMBps: mb(mib) / (streamCpu / 1000), bytesCpuMBps: mb(mib) / (bytesCpu / 1000), replaceAllCpuMBps: mb(small) / (replaceCpu / 1000),
  };
}

/** Prints one result. */
export function printRedaction(r: RedactionBench): void {
  console.log(`redaction: ${r.values} values -> ${r.patterns} patterns, automaton built in ${r.buildMs.toFixed(1)} ms`);
  const f = (wall: number, cpu: number): string => `${wall.toFixed(0)} MB/s wall, ${cpu.toFixed(0)} MB/CPU-s`;
  console.log(`redaction over ${r.mib} MiB: stream (64 KiB chunks) ${f(r.streamMBps, r.streamCpuMBps)}; redactBytes (1 MiB) ${f(r.bytesMBps, r.bytesCpuMBps)}; `
    + `baseline replaceAll x100 raw values ${f(r.replaceAllMBps, r.replaceAllCpuMBps)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printRedaction(await benchSecretRedaction(Number(process.argv[2] ?? 100)));
}
