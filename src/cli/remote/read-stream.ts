import { StringDecoder } from 'node:string_decoder';
import { CliConnectError } from '../cli-error.js';

/** One line (an NDJSON record or an SSE field) may not exceed this: a whole Workflow object fits. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Splits a byte stream into UTF-8 lines (LF or CRLF), bounded in length. */
export async function* readLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  // A multi-byte character may straddle two chunks: the decoder holds its first bytes back.
  const decoder = new StringDecoder('utf8');
  let partial = '';
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    // Only the new text can hold the next newline: no rescan of a long partial line per chunk.
    let from = partial.length;
    partial += text;
    let nl: number;
    while ((nl = partial.indexOf('\n', from)) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      from = 0;
      yield line.endsWith('\r') ? line.slice(0, -1) : line;
    }
    if (partial.length > MAX_LINE_BYTES) throw new CliConnectError(`the server sent a stream line longer than ${MAX_LINE_BYTES} bytes`);
  }
  partial += decoder.end();
  if (partial.length > 0) yield partial;
}

/** Parses newline-delimited JSON (grpc-gateway's streaming shape); blank lines are skipped. */
export async function* readNdjson(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<unknown> {
  for await (const line of readLines(chunks)) {
    if (line.trim() === '') continue;
    yield parseJson(line);
  }
}

/**
 * Parses a server-sent event stream (WHATWG EventSource framing): `data:` lines joined by '\n' until a
 * blank line ends the event; comment lines (':', used as keep-alives) and other fields are ignored.
 */
export async function* readSse(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<unknown> {
  let data: string[] = [];
  for await (const line of readLines(chunks)) {
    if (line === '') {
      if (data.length > 0) yield parseJson(data.join('\n'));
      data = [];
    } else if (line.startsWith('data:')) {
      data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
    }
  }
  if (data.length > 0) yield parseJson(data.join('\n'));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CliConnectError(`the server sent a stream record that is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
}
