import type { IncomingMessage } from 'node:http';

/** Login forms are tiny; anything larger is refused before it is buffered. */
export const MAX_FORM_BYTES = 8 * 1024;

/**
 * The urlencoded body of `req`, at most `max` bytes; undefined when it is too large or not a form.
 * Reads the raw stream, so whoever mounts the IdP must not have consumed the body before.
 */
export async function readFormBody(req: IncomingMessage, max = MAX_FORM_BYTES): Promise<URLSearchParams | undefined> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return undefined;
  if (Number(req.headers['content-length'] ?? 0) > max) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
