import type { Diagnostic } from './diagnostic.js';
import { SPEC_LIMITS } from './limits.js';
import { makeDiagnostic } from './make-diagnostic.js';
import { measureYamlDepth } from './measure-yaml-depth.js';

/** Position of a character offset in text, 1-based. */
export function positionOfOffset(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** The size refusal shared by the CLI (which knows the size before reading) and parseManifests. */
export function tooLarge(file: string, size: number, maxBytes: number = SPEC_LIMITS.maxBytes): Diagnostic {
  return makeDiagnostic('error', 'too-large',
    `file is ${size} bytes, larger than the ${maxBytes}-byte limit (ERR_SPEC_TOO_LARGE)`, file, { line: 0, column: 0 });
}

/**
 * Rejects text that is not a manifest before YAML sees it: over the size limit, or binary (a NUL byte,
 * which no YAML or JSON text contains). Returns undefined when the text may be parsed.
 */
export function checkText(text: string, file: string, maxBytes: number = SPEC_LIMITS.maxBytes): Diagnostic | undefined {
  // UTF-16 length bounds the UTF-8 size from below (and 3x from above); encode only when it matters.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && new TextEncoder().encode(text).length > maxBytes)) {
    return tooLarge(file, new TextEncoder().encode(text).length, maxBytes);
  }
  const depth = measureYamlDepth(text);
  if (depth > SPEC_LIMITS.maxDepth) {
    return makeDiagnostic('error', 'too-deep', `the text nests ${depth} levels deep, more than the limit of ${SPEC_LIMITS.maxDepth}`, file, { line: 1, column: 1 });
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    return makeDiagnostic('error', 'binary-content', 'file contains a NUL byte: this is binary data, not YAML or JSON',
      file, positionOfOffset(text, nul));
  }
  return undefined;
}

/**
 * Decodes file bytes as UTF-8, refusing invalid sequences instead of replacing them, so binary junk
 * gets a clear error naming where the first bad byte is.
 */
export function decodeManifestBytes(bytes: Uint8Array, file: string): { text: string } | { diagnostic: Diagnostic } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
    return {
      diagnostic: makeDiagnostic('error', 'binary-content',
        `file is not valid UTF-8 text (invalid byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at offset ${offset})`,
        file, positionOfOffset(prefix, prefix.length)),
    };
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return i;
}
