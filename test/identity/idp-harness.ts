/**
 * Test harness for the built-in IdP: a plain node:http server on 127.0.0.1:0 that mounts `idp.handle`
 * under /oidc (as the server will), a cookie jar for fetch, and a login driver for authorization code +
 * PKCE that behaves like a browser (follows redirects by hand, keeps cookies, posts the login form).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBuiltinIdp, type BuiltinIdp, type BuiltinIdpOptions } from '../../src/identity/index.js';
import { openStore, type Store } from '../../src/store/index.js';

export interface RunningIdp {
  idp: BuiltinIdp;
  store: Store;
  /** http://127.0.0.1:<port> */
  serverUrl: string;
  issuer: string;
  /** Requests that reached the server, as "METHOD path". */
  requests: string[];
  errors: Error[];
  close(): Promise<void>;
}

/** Starts an IdP on its own server; with `store` the caller keeps ownership of the store. */
export async function startIdp(opts: { store?: Store; options?: Partial<BuiltinIdpOptions> } = {}): Promise<RunningIdp> {
  const dir = mkdtempSync(join(tmpdir(), 'kf-idp-'));
  const store = opts.store ?? await openStore({ sqlitePath: join(dir, 'keyflow.db') });
  const requests: string[] = [];
  const errors: Error[] = [];
  // The IdP needs the server's URL and the server needs the IdP: the handler is filled in after listen().
  const mounted: { handle?: BuiltinIdp['handle'] } = {};
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (mounted.handle && (req.url ?? '').startsWith('/oidc')) return mounted.handle(req, res);
    res.writeHead(404).end();
  });
  const serverUrl = await listen(server);
  const idp = await createBuiltinIdp({ store, serverUrl, dataDir: dir, onError: (err) => errors.push(err), ...opts.options });
  mounted.handle = idp.handle;
  return {
    idp, store, serverUrl, issuer: idp.issuer, requests, errors,
    close: async () => {
      await idp.close();
      await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
      if (!opts.store) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Listens on 127.0.0.1:0 and returns the base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A minimal cookie jar: name -> value, honouring deletion (Max-Age=0 or an expiry in the past). */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie line received, in order. */
  readonly lines: string[] = [];

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      this.lines.push(line);
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))
        || attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=').slice(1).join('=')) < Date.now());
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** fetch without following redirects, sending and storing cookies. */
export async function browse(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (jar.cookies.size > 0) headers.set('cookie', jar.header());
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(response);
  return response;
}

/** A PKCE verifier and its S256 challenge (RFC 7636). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface LoginOutcome {
  /** The last response: the login form again on failure. */
  response: Response;
  code?: string;
  state?: string;
  jar: CookieJar;
}

/**
 * Drives authorization code + PKCE like a browser: GET /oidc/auth, follow to the interaction page, POST
 * the login form, follow redirects until one leaves for the client's redirect_uri.
 */
export async function loginWithPassword(issuer: string, opts: {
  username: string; password: string; challenge: string; clientId?: string; redirectUri?: string; scope?: string; jar?: CookieJar;
}): Promise<LoginOutcome> {
  const jar = opts.jar ?? new CookieJar();
  const redirectUri = opts.redirectUri ?? 'http://127.0.0.1:53123/callback';
  const state = randomBytes(8).toString('hex');
  const auth = new URL(`${issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: opts.clientId ?? 'keyflow-cli', response_type: 'code', redirect_uri: redirectUri,
    scope: opts.scope ?? 'openid offline_access', state, code_challenge: opts.challenge, code_challenge_method: 'S256',
  }).toString();
  let response = await browse(jar, auth.href);
  for (let hops = 0; hops < 10; hops++) {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, issuer);
      if (next.href.startsWith(redirectUri)) {
        return { response, jar, code: next.searchParams.get('code') ?? undefined, state: next.searchParams.get('state') ?? undefined };
      }
      response = await browse(jar, next.href);
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action) return { response: new Response(html, { status: response.status, headers: response.headers }), jar };
    response = await browse(jar, new URL(action.replace(/&#38;/g, '&'), issuer).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: opts.username, password: opts.password }).toString(),
    });
    if (response.status !== 303) return { response, jar };
  }
  throw new Error('too many redirects');
}

/** POSTs a form to the token endpoint; returns status and JSON body. */
export async function tokenRequest(issuer: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: await response.json() as Record<string, unknown> };
}

/** The claims of a JWT, unverified (for assertions only). */
export function peekClaims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Submits the first form of `html` (its hidden fields plus `fields`) as a browser at `base` would. */
export async function submitForm(jar: CookieJar, base: string, html: string, fields: Record<string, string>): Promise<Response> {
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error(`no form in page: ${html.slice(0, 300)}`);
  const hidden = [...(form[2] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m): [string, string] => [m[1]!, m[2]!]);
  return browse(jar, new URL((form[1] ?? '').replace(/&#38;/g, '&'), base).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([...hidden, ...Object.entries(fields)]).toString(),
  });
}
