/**
 * Test-only token minting: a minimal OIDC issuer (discovery + JWKS on node:http) whose keys the test
 * holds, a way to sign arbitrary claims with the built-in IdP's own key (read from its store), and a trap
 * server that records any request an attacker-controlled URL would cause.
 */
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { Store } from '../../src/store/index.js';
import { listen } from './idp-harness.js';

export interface SigningKey { key: CryptoKey; kid: string; alg: string; publicJwk: JWK }

/** A fresh key pair with a public JWK carrying kid/alg/use. */
export async function newKey(alg = 'ES256', kid = `k-${Math.random().toString(36).slice(2)}`): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { key: privateKey, kid, alg, publicJwk: { ...await exportJWK(publicKey), kid, alg, use: 'sig' } };
}

/** The built-in IdP's own signing key, as stored. */
export async function idpSigningKey(store: Store): Promise<SigningKey> {
  const stored = await store.getResource('keyflow.dev/IdpKeys', '', 'builtin-idp');
  const jwk = (stored!.manifest.signingKeys as JWK[])[0]!;
  const { d: _d, ...publicJwk } = jwk;
  return { key: await importJWK(jwk, jwk.alg) as CryptoKey, kid: jwk.kid!, alg: jwk.alg!, publicJwk };
}

/** Signs `claims` (defaults: iat now, exp in 10 minutes) with `signer`; `header` overrides header fields. */
export async function sign(signer: SigningKey, claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'at+jwt', ...header })
    .sign(signer.key);
}

export interface MiniIssuer {
  issuer: string;
  keys: SigningKey[];
  /** Requests served, as "METHOD path". */
  requests: string[];
  close(): Promise<void>;
}

/** An issuer serving discovery and a JWKS of `keys` (mutable: push a key to rotate). */
export async function startMiniIssuer(keys: SigningKey[]): Promise<MiniIssuer> {
  const requests: string[] = [];
  let issuer = '';
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: keys.map((k) => k.publicJwk) }));
    } else {
      res.writeHead(404).end();
    }
  });
  issuer = await listen(server);
  return { issuer, keys, requests, close: () => closeServer(server) };
}

/** A server that only records what reaches it. */
export async function startTrap(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
  });
  return { url: await listen(server), hits, close: () => closeServer(server) };
}

/** A fetch that records every URL before fetching it. */
export function countingFetch(): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  const wrapped = ((input: string | URL | Request, init?: RequestInit) => {
    urls.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return fetch(input, init);
  }) as typeof fetch;
  return { fetch: wrapped, urls };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
}
