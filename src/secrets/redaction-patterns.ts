/**
 * What the redactor searches for, for each secret value v (UTF-8 bytes b):
 *
 *   1. v itself; and if v has surrounding whitespace (a trailing newline from a file), v trimmed;
 *   2. each line of a multi-line v, trimmed (a PEM key printed in part, line by line);
 *   3. v as JSON writes it inside a string: JSON.stringify(v) without the quotes, and the same with every
 *      non-ASCII character as \uXXXX (Python's json.dumps default);
 *   4. v percent-encoded: encodeURIComponent(v) and the form encoding (URLSearchParams: space as '+');
 *   5. base64 of b, standard and URL-safe alphabets: the whole encoding (padded for standard, unpadded
 *      for URL-safe), and for b starting at byte offset 0, 1 and 2 of a longer base64 text (e.g.
 *      `user:password` in an HTTP Basic header) the characters that depend on b alone.
 *
 * Items 3-5 are applied to v and to v trimmed (1), not to lines (2). Every pattern shorter than minLength
 * bytes is dropped, and a value shorter than minLength characters yields no pattern at all: masking
 * every `a` or `ok` in a log would make it unreadable and tell a reader the value anyway.
 */
export function redactionPatterns(value: string, minLength: number): string[] {
  if ([...value].length < minLength) return [];
  const out = new Set<string>();
  const bases = new Set([value, value.trim()]);
  for (const v of bases) {
    if ([...v].length < minLength) continue;
    out.add(v);
    for (const encoded of encodings(v)) out.add(encoded);
  }
  if (/[\r\n]/.test(value)) {
    for (const line of value.split(/\r?\n|\r/)) {
      const t = line.trim();
      if ([...t].length >= minLength) out.add(t);
    }
  }
  return [...out].filter((p) => Buffer.byteLength(p, 'utf8') >= minLength);
}

function encodings(v: string): string[] {
  const json = JSON.stringify(v).slice(1, -1);
  const jsonAscii = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const out = [json, jsonAscii];
  try {
    out.push(encodeURIComponent(v), new URLSearchParams([['', v]]).toString().slice(1));
  } catch {
    // A lone surrogate has no percent-encoding; the raw pattern still covers the value.
  }
  const bytes = Buffer.from(v, 'utf8');
  out.push(bytes.toString('base64'), bytes.toString('base64url'));
  for (const shift of [0, 1, 2]) out.push(...base64Inner(bytes, shift));
  return out;
}

/**
 * The base64 characters that depend only on `bytes` when they start `shift` bytes into a longer
 * encoded text: character j covers bits [6j, 6j+6), so the ones from ceil(8*shift/6) up to (excluding)
 * floor(8*(shift+n)/6) hold bits of `bytes` alone, whatever surrounds them.
 */
function base64Inner(bytes: Buffer, shift: number): string[] {
  const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
  const first = Math.ceil((8 * shift) / 6);
  const last = Math.floor((8 * (shift + bytes.length)) / 6);
  return [padded.toString('base64').slice(first, last), padded.toString('base64url').slice(first, last)];
}
