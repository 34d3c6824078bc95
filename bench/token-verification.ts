/**
 * Bearer-token verification throughput with a warm JWKS cache: tokens of a realistic size (user claims,
 * groups) signed ES256 (the built-in IdP) and RS256 (typical external IdPs), verified by
 * createTokenVerifier against an issuer discovered over loopback HTTP, 64 verifications in flight (as a
 * busy server would have). The JWKS is fetched once during warm-up; the figure is verifications/s after.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createTokenVerifier } from '../src/identity/index.js';

const IN_FLIGHT = 64;
const DURATION_MS = Number(process.env.KEYFLOW_BENCH_TOKEN_MS ?? 3000);

/** Verifications per second for one algorithm. */
async function measure(alg: 'ES256' | 'RS256'): Promise<{ perSecond: number; jwksFetches: number }> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = { ...await exportJWK(publicKey), kid: `bench-${alg}`, alg, use: 'sig' };
  let jwksFetches = 0;
  let issuer = '';
  const server = createServer((req, res) => {
    if (req.url === '/jwks') jwksFetches++;
    const body = req.url === '/jwks' ? { keys: [jwk] } : { issuer, jwks_uri: `${issuer}/jwks` };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const verifier = createTokenVerifier({ issuers: [{ issuer, audience: 'keyflow' }] });
    const now = Math.floor(Date.now() / 1000);
    const tokens = await Promise.all(Array.from({ length: 256 }, (_v, i) => new SignJWT({
      sub: `user-${i}`, groups: ['keyflow:admins', 'dev', 'ops'], client_id: 'keyflow-cli', scope: 'openid offline_access',
    }).setProtectedHeader({ alg, kid: jwk.kid, typ: 'at+jwt' }).setIssuer(issuer).setAudience('keyflow')
      .setIssuedAt(now).setExpirationTime(now + 600).setJti(`jti-${i}`).sign(privateKey)));
    for (const token of tokens) await verifier.verify(token);
    let done = 0;
    const start = performance.now();
    while (performance.now() - start < DURATION_MS) {
      await Promise.all(Array.from({ length: IN_FLIGHT }, (_v, i) => verifier.verify(tokens[(done + i) % tokens.length]!)));
      done += IN_FLIGHT;
    }
    return { perSecond: done / ((performance.now() - start) / 1000), jwksFetches };
  } finally {
    await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  }
}

/** ES256 verifications per second with a cached JWKS (the headline figure), plus RS256 for comparison. */
export async function benchTokenVerification(): Promise<{ perSecond: number; rs256PerSecond: number; jwksFetches: number }> {
  const es = await measure('ES256');
  const rs = await measure('RS256');
  return { perSecond: es.perSecond, rs256PerSecond: rs.perSecond, jwksFetches: es.jwksFetches + rs.jwksFetches };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchTokenVerification();
  console.log(`token verification, cached JWKS, ${IN_FLIGHT} in flight, ${DURATION_MS} ms per algorithm`);
  console.log(`  ES256 (built-in IdP): ${Math.round(result.perSecond)} verifications/s`);
  console.log(`  RS256 (typical external IdP): ${Math.round(result.rs256PerSecond)} verifications/s`);
  console.log(`  JWKS fetches during the run: ${result.jwksFetches} (one per issuer, at warm-up)`);
}
