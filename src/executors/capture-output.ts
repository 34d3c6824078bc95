import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';

/**
 * Captures a task's stdout and stderr: both go, in arrival order, into `main.log` up to `logLimit` bytes
 * (then one marker line, and the rest is read and dropped so the task never blocks on a full pipe); the last
 * bytes of stdout are kept for Argo's `outputs.result`. Memory stays bounded by the result cap plus one chunk,
 * whatever the task prints.
 */
export class OutputCapture {
  readonly #log: WriteStream;
  readonly #logLimit: number;
  readonly #resultLimit: number;
  #logged = 0;
  #truncated = false;
  #logError: Error | undefined;
  #tail: Buffer[] = [];
  #tailBytes = 0;
  readonly #sources: Readable[] = [];
  #stderrHead = '';

  constructor(logPath: string, logLimit: number, resultLimit: number) {
    this.#log = createWriteStream(logPath, { flags: 'w', mode: 0o640 });
    this.#log.on('error', (err) => {
      // Disk full or similar: keep draining the pipes so the task is not blocked by our failure.
      this.#logError = err;
      for (const source of this.#sources) source.resume();
    });
    this.#logLimit = logLimit;
    this.#resultLimit = resultLimit;
  }

  /** Starts reading both pipes of the task. */
  attach(stdout: Readable, stderr: Readable): void {
    this.#sources.push(stdout, stderr);
    stdout.on('data', (chunk: Buffer) => { this.#keepTail(chunk); this.#write(chunk, stdout); });
    stderr.on('data', (chunk: Buffer) => {
      if (this.#stderrHead.length < 256) this.#stderrHead += chunk.subarray(0, 256).toString('utf8');
      this.#write(chunk, stderr);
    });
  }

  /** Adds a line of Keyflow's own to the log (why a task could not start). */
  note(text: string): void {
    if (!this.#log.destroyed) this.#log.write(`[keyflow] ${text}\n`);
  }

  /** The captured result (Argo: one trailing newline trimmed) and the first bytes of stderr, where bwrap reports. */
  collect(): { result: string; stderrHead: string } {
    let out = Buffer.concat(this.#tail);
    if (out.at(-1) === 0x0a) out = out.subarray(0, -1);
    // Argo keeps the last 256 KiB ("only the last 256 kB were saved").
    if (out.length > this.#resultLimit) out = out.subarray(out.length - this.#resultLimit);
    return { result: out.toString('utf8'), stderrHead: this.#stderrHead };
  }

  /** Flushes and closes the log; resolves with the write error, if the log could not be written. */
  async close(): Promise<string | undefined> {
    if (!this.#log.destroyed) {
      await new Promise<void>((resolve) => {
        this.#log.once('close', resolve);
        this.#log.end();
      });
    }
    return this.#logError?.message;
  }

  #write(chunk: Buffer, source: Readable): void {
    if (this.#truncated || this.#logError !== undefined) return;
    let data = chunk;
    const room = this.#logLimit - this.#logged;
    if (data.length > room) {
      data = Buffer.concat([data.subarray(0, room),
        Buffer.from(`\n[keyflow] log truncated at ${this.#logLimit} bytes; further output was discarded\n`)]);
      this.#truncated = true;
    }
    this.#logged += data.length;
    if (!this.#log.write(data) && !source.isPaused()) {
      // Disk slower than the task: hold the pipe (the task blocks) instead of buffering in memory.
      source.pause();
      this.#log.once('drain', () => source.resume());
    }
  }

  #keepTail(chunk: Buffer): void {
    this.#tail.push(chunk);
    this.#tailBytes += chunk.length;
    const keep = this.#resultLimit + 1;
    while (this.#tail.length > 1 && this.#tailBytes - this.#tail[0]!.length >= keep) {
      this.#tailBytes -= this.#tail.shift()!.length;
    }
  }
}
