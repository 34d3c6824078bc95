import { Transform, type TransformCallback } from 'node:stream';
import { buildAutomaton, type Automaton } from './build-automaton.js';
import { redactObjectWith } from './redact-object.js';
import { redactionPatterns } from './redaction-patterns.js';
import { RedactScanner } from './redact-scanner.js';
import type { Redactor, RedactorOptions } from './types.js';

/** What replaces each masked run. */
export const REDACTED = '[redacted]';
/** Values shorter than this (in characters) are not masked by default; see redactionPatterns. */
export const DEFAULT_MIN_LENGTH = 4;

class RedactStream extends Transform {
  readonly #scanner: RedactScanner;

  constructor(scanner: RedactScanner) {
    super();
    this.#scanner = scanner;
  }

  // Pieces are views of the chunk the stream owns, or the marker: pushed without copying.
  readonly #sink = (piece: Uint8Array): void => {
    if (piece.length > 0) this.push(piece);
  };

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#scanner.push(chunk, this.#sink);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.#scanner.end(this.#sink);
    callback();
  }
}

/**
 * A redactor for `values` (the secret values a task received): every occurrence of a value, or of one
 * of its encodings (redactionPatterns), becomes `[redacted]`. Build it once per task and reuse it; the
 * automaton costs about as much to build as scanning a few megabytes.
 */
export function createRedactor(values: readonly string[], options: RedactorOptions = {}): Redactor {
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) throw new TypeError('createRedactor: values must be an array of strings');
  const minLength = options.minLength ?? DEFAULT_MIN_LENGTH;
  if (!Number.isSafeInteger(minLength) || minLength < 1) throw new TypeError('createRedactor: minLength must be a positive integer');
  const marker = Buffer.from(options.marker ?? REDACTED, 'utf8');
  const patterns = new Set<string>();
  let skippedValues = 0;
  for (const value of new Set(values)) {
    const found = redactionPatterns(value, minLength);
    if (found.length === 0) skippedValues += 1;
    for (const p of found) patterns.add(p);
  }
  const automaton: Automaton | undefined = patterns.size === 0 ? undefined : buildAutomaton([...patterns].map((p) => Buffer.from(p, 'utf8')));
  const redactBytes = (bytes: Uint8Array): Buffer => {
    if (automaton === undefined) return Buffer.from(bytes);
    const scanner = new RedactScanner(automaton, marker);
    const pieces: Uint8Array[] = [];
    const sink = (piece: Uint8Array): void => { pieces.push(piece); };
    scanner.push(bytes, sink);
    scanner.end(sink);
    return Buffer.concat(pieces);
  };
  const redact = (text: string): string => (automaton === undefined ? text : redactBytes(Buffer.from(text, 'utf8')).toString('utf8'));
  return {
    redact,
    redactBytes,
    stream: () => (automaton === undefined ? new Transform({ transform: (chunk, _e, cb) => cb(null, chunk) }) : new RedactStream(new RedactScanner(automaton, marker))),
    redactObject: <T>(value: T): T => redactObjectWith(value, redact),
    patternCount: patterns.size,
    skippedValues,
    maxHoldBytes: automaton?.maxDepth ?? 0,
  };
}

/** A Transform that masks `values` (see createRedactor) in a byte stream, across chunk boundaries. */
export function createRedactStream(values: readonly string[], options: RedactorOptions = {}): Transform {
  return createRedactor(values, options).stream();
}

/** Deep copy of `value` with every secret value masked (see Redactor.redactObject). */
export function redactObject<T>(value: T, values: readonly string[] | Redactor, options: RedactorOptions = {}): T {
  const redactor = Array.isArray(values) ? createRedactor(values, options) : values as Redactor;
  return redactor.redactObject(value);
}
