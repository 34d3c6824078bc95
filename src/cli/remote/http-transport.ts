import { request as httpRequest, type IncomingMessage, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { CliConnectError, CliError } from '../cli-error.js';

/** How the CLI trusts the server's certificate: system roots, a given CA file, or (asked for) nothing. */
export interface TlsOptions {
  caFile?: string;
  insecureSkipVerify?: boolean;
}

export interface HttpRequest {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as a stream (for NDJSON and SSE); read it or call `text()` once. */
  stream: IncomingMessage;
  text(): Promise<string>;
}

/** Buffered bodies past this are refused: nothing the API returns in one piece is this large. */
const MAX_BODY = 64 * 1024 * 1024;

const TLS_HINTS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server uses a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed CA this CLI does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is not signed by a trusted CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate is not signed by a trusted CA',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is not valid for this host name',
};

/** Sends HTTP(S) requests with the CLI's TLS settings; the one place the CLI opens connections. */
export class HttpTransport {
  readonly #ca: Buffer | undefined;
  readonly #insecure: boolean;

  constructor(tls: TlsOptions = {}) {
    this.#insecure = tls.insecureSkipVerify === true;
    if (tls.caFile) {
      try {
        this.#ca = readFileSync(tls.caFile);
      } catch (err) {
        throw new CliError(`cannot read --ca-file ${tls.caFile}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
      }
    }
  }

  /** Sends one request; resolves once the response headers arrived. Redirects are not followed. */
  send(req: HttpRequest): Promise<HttpResponse> {
    const https = req.url.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const headers: Record<string, string> = { ...req.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
    return new Promise((resolve, reject) => {
      const r = send(req.url, {
        method: req.method, headers, signal: req.signal,
        ...(https ? { rejectUnauthorized: !this.#insecure, ...(this.#ca ? { ca: this.#ca } : {}) } : {}),
      }, (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, stream: res, text: () => readText(res) }));
      r.on('error', (err) => reject(connectError(req.url, err)));
      r.end(body);
    });
  }

  /** A WHATWG fetch over this transport, for openid-client's customFetch (bodies buffered, no redirects). */
  fetch = async (input: string | URL, init: { method?: string; headers?: unknown; body?: unknown; signal?: AbortSignal | null } = {}): Promise<Response> => {
    const headers = Object.fromEntries(new Headers(init.headers as ConstructorParameters<typeof Headers>[0]).entries());
    const body = bodyOf(init.body);
    const res = await this.send({ method: init.method ?? 'GET', url: new URL(input), headers, body, ...(init.signal ? { signal: init.signal } : {}) });
    const buf = await readBuffer(res.stream);
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (Array.isArray(v)) for (const item of v) out.append(k, item);
      else if (v !== undefined) out.set(k, v);
    }
    const empty = res.status === 204 || res.status === 304 || buf.length === 0;
    return new Response(empty ? null : buf, { status: res.status, headers: out });
  };
}

function bodyOf(body: unknown): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(new Uint8Array(body));
  // strings and URLSearchParams (form posts of the OAuth flows)
  return String(body);
}

async function readBuffer(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) {
      res.destroy();
      throw new CliConnectError(`the server sent a response larger than ${MAX_BODY} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function readText(res: IncomingMessage): Promise<string> {
  return readBuffer(res).then((b) => b.toString('utf8'));
}

/** Names the host and the reason, never the request (its headers carry the token). */
function connectError(url: URL, err: Error): Error {
  if (err.name === 'AbortError') return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const where = `${url.protocol}//${url.host}`;
  const hint = TLS_HINTS[code];
  if (hint) {
    return new CliConnectError(`cannot verify the TLS certificate of ${where}: ${hint} (${code}); pass --ca-file with the server's CA, or --insecure-skip-tls-verify for development only`, { cause: err });
  }
  if (code === 'ECONNREFUSED') return new CliConnectError(`cannot connect to ${where}: connection refused (is 'keyflow server' running there?)`, { cause: err });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new CliConnectError(`cannot connect to ${where}: host name not found`, { cause: err });
  if (code === 'EPROTO' || /wrong version number|ssl/i.test(err.message)) {
    return new CliConnectError(`TLS handshake with ${where} failed (does the server speak ${url.protocol === 'https:' ? 'plain HTTP' : 'HTTPS'}?)`, { cause: err });
  }
  return new CliConnectError(`request to ${where} failed: ${code || err.message}`, { cause: err });
}
