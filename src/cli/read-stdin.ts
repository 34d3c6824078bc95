import { CliError } from './cli-error.js';

/** A secret read from stdin is at most this long (a password or client secret, not a file). */
const MAX_SECRET_BYTES = 64 * 1024;

/**
 * Reads a secret from standard input until EOF (`--password-stdin`, `--client-secret-stdin`), without
 * the one trailing newline that `echo` and here-strings add. Secrets never come from argv, where `ps`
 * and shell history would show them.
 */
export async function readSecretFromStdin(what: string, input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > MAX_SECRET_BYTES) throw new CliError(`the ${what} on stdin is longer than ${MAX_SECRET_BYTES} bytes`);
    chunks.push(buf);
  }
  const secret = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (secret === '') throw new CliError(`no ${what} on stdin (pipe it in, e.g. printf '%s' "$SECRET" | keyflow login ...)`);
  return secret;
}
