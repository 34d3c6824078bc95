import type { FastifyReply } from 'fastify';

/** Comment lines keep proxies and load balancers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;
/** A client that stops reading is dropped once this much output waits for it. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface SseStream {
  /** Sends one `data:` event (the payload must be one line, as JSON.stringify output is). */
  send(data: string, event?: string): void;
  close(): void;
  /** Runs once when the stream ends, whichever side ends it. */
  onClose(cleanup: () => void): void;
  readonly closed: boolean;
}

/**
 * Takes the response over from Fastify and turns it into a server-sent event stream (text/event-stream):
 * heartbeats every 15 s, ended by the client disconnecting, by `close()`, or by the server shutting down.
 */
export function openSseStream(reply: FastifyReply, closing: Promise<void>, heartbeatMs = HEARTBEAT_MS): SseStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write(': keyflow workflow events\n\n');
  const cleanups: (() => void)[] = [];
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const cleanup of cleanups.splice(0)) cleanup();
    if (!res.writableEnded) res.end();
  };
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
  heartbeat.unref();
  const write = (text: string): void => {
    if (closed) return;
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      close();
      return;
    }
    res.write(text);
  };
  // The response's 'close' (not the request's, which fires once the request body is read) marks the
  // client going away.
  res.once('close', close);
  void closing.then(close);
  return {
    send: (data, event) => write(`${event ? `event: ${event}\n` : ''}data: ${data}\n\n`),
    close,
    onClose: (cleanup) => {
      if (closed) cleanup();
      else cleanups.push(cleanup);
    },
    get closed() { return closed; },
  };
}
