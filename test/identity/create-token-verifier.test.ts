/**
 * The verifier against a real built-in IdP (issuer A, discovered over HTTP) and a second issuer B with its
 * own keys, including the JWT attack suite of issue 4: every forged token is refused with a 401
 * IdentityError, and no URL named by a token is ever fetched.
 */
import assert from 'node:assert/strict';
import { createHmac, createPublicKey } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTokenVerifier, IdentityError, type TokenVerifier } from '../../src/identity/index.js';
import { startIdp, tokenRequest, type RunningIdp } from './idp-harness.js';
import { countingFetch, idpSigningKey, newKey, sign, startMiniIssuer, startTrap, type MiniIssuer, type SigningKey } from './token-forge.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

async function refused(verifier: TokenVerifier, token: string, code: string, message: string, status = 401): Promise<void> {
  await assert.rejects(verifier.verify(token), (err: unknown) => {
    assert.ok(err instanceof IdentityError, `expected IdentityError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.status, status);
    assert.equal(err.message, message);
    return true;
  });
}

describe('createTokenVerifier against the built-in IdP and a second issuer', () => {
  let a: RunningIdp;
  let b: MiniIssuer;
  let trap: Awaited<ReturnType<typeof startTrap>>;
  let aKey: SigningKey;
  let bKey: SigningKey;
  let fetchLog: ReturnType<typeof countingFetch>;
  let verifier: TokenVerifier;
  let good: string;
  const claimsFor = (extra: Record<string, unknown> = {}) => ({ iss: a.issuer, aud: 'keyflow', sub: 'alice', groups: ['dev'], ...extra });

  before(async () => {
    a = await startIdp();
    bKey = await newKey('ES256', 'b-key');
    b = await startMiniIssuer([bKey]);
    trap = await startTrap();
    aKey = await idpSigningKey(a.store);
    fetchLog = countingFetch();
    verifier = createTokenVerifier({ issuers: [{ issuer: a.issuer, audience: 'keyflow' }, { issuer: b.issuer, audience: 'keyflow' }], fetch: fetchLog.fetch });
    const sa = await a.idp.createServiceAccountClient({ clientId: 'ci-bot', namespace: 'team-a', name: 'ci' });
    const response = await tokenRequest(a.issuer, { grant_type: 'client_credentials', client_id: sa.clientId, client_secret: sa.clientSecret });
    good = response.body.access_token as string;
  });

  after(async () => {
    await a.close();
    await b.close();
    await trap.close();
  });

  test('accepts a real client_credentials token, discovering the JWKS once', async () => {
    const principal = await verifier.verify(`Bearer ${good}`);
    assert.equal(principal.issuer, a.issuer);
    assert.equal(principal.subject, 'ci-bot');
    assert.equal(principal.username, 'ci-bot');
    assert.equal(principal.kind, 'serviceaccount');
    assert.deepEqual(principal.claims.keyflow_serviceaccount, { namespace: 'team-a', name: 'ci' });
    await verifier.verify(good);
    assert.deepEqual(fetchLog.urls, [`${a.issuer}/.well-known/openid-configuration`, `${a.issuer}/jwks`]);
  });

  test('accepts a token signed by the issuer key with exp just past, within the 30 s clock skew', async () => {
    const principal = await verifier.verify(await sign(aKey, claimsFor({ exp: now() - 10 })));
    assert.equal(principal.username, 'alice');
    assert.deepEqual(principal.groups, ['dev']);
    assert.equal(principal.kind, 'user');
  });

  test('attack: alg none is refused', async () => {
    const body = b64(claimsFor());
    await refused(verifier, `${b64({ alg: 'none' })}.${body}.`, 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token is unsigned');
    await refused(verifier, `${b64({ alg: 'none' })}.${body}.c2ln`, 'ERR_AUTH_INVALID_TOKEN',
      `invalid bearer token: algorithm "none" is not allowed for issuer ${a.issuer} (allowed: RS256, ES256, EdDSA, PS256)`);
  });

  test('attack: HS256 "signed" with the issuer\'s public key is refused', async () => {
    const pem = createPublicKey({ key: aKey.publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const input = `${b64({ alg: 'HS256', kid: aKey.kid })}.${b64(claimsFor())}`;
    for (const secret of [pem, JSON.stringify(aKey.publicJwk)]) {
      const mac = createHmac('sha256', secret).update(input).digest('base64url');
      await refused(verifier, `${input}.${mac}`, 'ERR_AUTH_INVALID_TOKEN',
        `invalid bearer token: algorithm "HS256" is not allowed for issuer ${a.issuer} (allowed: RS256, ES256, EdDSA, PS256)`);
    }
  });

  test('attack: a kid the issuer does not publish is refused', async () => {
    await refused(verifier, await sign(aKey, claimsFor(), { kid: 'no-such-key' }), 'ERR_AUTH_INVALID_TOKEN',
      `invalid bearer token: no key of issuer ${a.issuer} matches the token (kid "no-such-key", alg ES256)`);
  });

  test('attack: an unknown issuer is refused before anything is fetched', async () => {
    const before = fetchLog.urls.length;
    await refused(verifier, await sign(bKey, claimsFor({ iss: trap.url })), 'ERR_AUTH_UNKNOWN_ISSUER',
      `bearer token issuer "${trap.url}" is not a configured issuer`);
    await refused(verifier, await sign(bKey, claimsFor({ iss: `${a.issuer}/` })), 'ERR_AUTH_UNKNOWN_ISSUER',
      `bearer token issuer "${a.issuer}/" is not a configured issuer`);
    assert.equal(fetchLog.urls.length, before);
    assert.deepEqual(trap.hits, []);
  });

  test('attack: a wrong audience is refused', async () => {
    await refused(verifier, await sign(aKey, claimsFor({ aud: 'argo-server' })), 'ERR_AUTH_AUDIENCE',
      'bearer token audience "argo-server" does not include "keyflow"');
    await refused(verifier, await sign(aKey, claimsFor({ aud: ['a', 'b'] })), 'ERR_AUTH_AUDIENCE',
      'bearer token audience ["a","b"] does not include "keyflow"');
  });

  test('attack: an expired token is refused (beyond the clock skew)', async () => {
    const exp = now() - 3600;
    await refused(verifier, await sign(aKey, claimsFor({ iat: exp - 600, exp })), 'ERR_AUTH_EXPIRED', `bearer token expired at ${iso(exp)}`);
  });

  test('attack: nbf in the future is refused', async () => {
    const nbf = now() + 3600;
    await refused(verifier, await sign(aKey, claimsFor({ nbf })), 'ERR_AUTH_INVALID_TOKEN', `invalid bearer token: it is not valid before ${iso(nbf)} ("nbf")`);
  });

  test('attack: a tampered payload is refused', async () => {
    const [head, body, signature] = good.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${head}.${b64({ ...claims, sub: 'admin', groups: ['keyflow:admins'] })}.${signature}`;
    await refused(verifier, tampered, 'ERR_AUTH_INVALID_TOKEN', `invalid bearer token: signature does not verify with the keys of issuer ${a.issuer}`);
  });

  test('attack: a token for issuer A signed by issuer B\'s key is refused', async () => {
    await refused(verifier, await sign(bKey, claimsFor()), 'ERR_AUTH_INVALID_TOKEN',
      `invalid bearer token: no key of issuer ${a.issuer} matches the token (kid "b-key", alg ES256)`);
    await refused(verifier, await sign(bKey, claimsFor(), { kid: aKey.kid }), 'ERR_AUTH_INVALID_TOKEN',
      `invalid bearer token: signature does not verify with the keys of issuer ${a.issuer}`);
    // The same key is fine for B's own tokens.
    assert.equal((await verifier.verify(await sign(bKey, claimsFor({ iss: b.issuer })))).issuer, b.issuer);
  });

  test('attack: jku / x5u / jwk / x5c headers are refused and never fetched', async () => {
    const before = fetchLog.urls.length;
    const attacker = await newKey('ES256', 'attacker');
    for (const header of [
      { jku: `${trap.url}/jwks.json` }, { x5u: `${trap.url}/cert.pem` }, { jwk: attacker.publicJwk }, { x5c: ['MIIB'] },
    ]) {
      const name = Object.keys(header)[0];
      await refused(verifier, await sign(attacker, claimsFor(), { ...header, kid: 'attacker' }), 'ERR_AUTH_INVALID_TOKEN',
        `invalid bearer token: token header carries "${name}"; keys are taken only from the issuer's configured JWKS`);
    }
    assert.deepEqual(trap.hits, []);
    assert.equal(fetchLog.urls.length, before);
  });

  test('attack: an oversized token is refused before parsing', async () => {
    const token = await sign(aKey, claimsFor({ pad: 'x'.repeat(20_000) }));
    await refused(verifier, token, 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token is larger than 16384 bytes');
  });

  test('attack: malformed base64 and JSON are refused with a clear message', async () => {
    await refused(verifier, 'eyJhbGciOi!!.e30.c2ln', 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token header is not base64url');
    await refused(verifier, `${Buffer.from('{"alg":').toString('base64url')}.e30.c2ln`, 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token header is not JSON');
    await refused(verifier, 'not-a-jwt', 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: token has 1 dot-separated parts; a JWT has 3');
  });

  test('attack: a token without exp is refused even with a valid signature', async () => {
    const token = await sign(aKey, claimsFor({ exp: undefined }));
    await refused(verifier, token, 'ERR_AUTH_INVALID_TOKEN', 'invalid bearer token: it has no "exp" claim; Keyflow accepts only tokens that expire');
  });

  test('no attack reached a URL outside the configured issuers', () => {
    assert.deepEqual(trap.hits, []);
    for (const url of fetchLog.urls) assert.ok(url.startsWith(a.issuer) || url.startsWith(b.issuer), url);
  });
});

describe('createTokenVerifier key cache', () => {
  test('refetches the JWKS for an unknown kid (key rotation), at most once per cooldown', async () => {
    const first = await newKey('ES256', 'first');
    const issuer = await startMiniIssuer([first]);
    try {
      const rotating = createTokenVerifier({ issuers: [{ issuer: issuer.issuer, audience: 'k' }], keyCache: { cooldownMs: 0 } });
      const claims = { iss: issuer.issuer, aud: 'k', sub: 's' };
      await rotating.verify(await sign(first, claims));
      const second = await newKey('ES256', 'second');
      issuer.keys.push(second);
      assert.equal((await rotating.verify(await sign(second, claims))).subject, 's');
      assert.equal(issuer.requests.filter((r) => r === 'GET /jwks').length, 2);

      const bounded = createTokenVerifier({ issuers: [{ issuer: issuer.issuer, audience: 'k' }] });
      await bounded.verify(await sign(first, claims));
      for (let i = 0; i < 20; i++) {
        await assert.rejects(bounded.verify(await sign(first, claims, { kid: `random-${i}` })), { code: 'ERR_AUTH_INVALID_TOKEN' });
      }
      assert.equal(issuer.requests.filter((r) => r === 'GET /jwks').length, 3);
    } finally {
      await issuer.close();
    }
  });

  test('an unreachable issuer is ERR_AUTH_ISSUER_UNAVAILABLE (503) and is not retried at once', async () => {
    const key = await newKey();
    const gone = await startMiniIssuer([key]);
    await gone.close();
    const log = countingFetch();
    const verifier = createTokenVerifier({ issuers: [{ issuer: gone.issuer, audience: 'k' }], fetch: log.fetch });
    const token = await sign(key, { iss: gone.issuer, aud: 'k', sub: 's' });
    await refused(verifier, token, 'ERR_AUTH_ISSUER_UNAVAILABLE',
      `cannot verify tokens of issuer ${gone.issuer}: its discovery document could not be fetched (ECONNREFUSED)`, 503);
    await refused(verifier, token, 'ERR_AUTH_ISSUER_UNAVAILABLE',
      `cannot verify tokens of issuer ${gone.issuer}: its keys could not be fetched moments ago; retrying shortly`, 503);
    assert.equal(log.urls.length, 1);
  });

  test('a discovery document that names another issuer is refused', async () => {
    const key = await newKey();
    const issuer = await startMiniIssuer([key]);
    try {
      const verifier = createTokenVerifier({ issuers: [{ issuer: `${issuer.issuer}/`, audience: 'k' }] });
      await refused(verifier, await sign(key, { iss: `${issuer.issuer}/`, aud: 'k', sub: 's' }), 'ERR_AUTH_ISSUER_UNAVAILABLE',
        `cannot verify tokens of issuer ${issuer.issuer}/: its discovery document names issuer "${issuer.issuer}"`, 503);
    } finally {
      await issuer.close();
    }
  });

  test('a configured jwksUri is used without discovery', async () => {
    const key = await newKey();
    const issuer = await startMiniIssuer([key]);
    try {
      const verifier = createTokenVerifier({ issuers: [{ issuer: issuer.issuer, audience: 'k', jwksUri: `${issuer.issuer}/jwks` }] });
      await verifier.verify(await sign(key, { iss: issuer.issuer, aud: 'k', sub: 's' }));
      assert.deepEqual(issuer.requests, ['GET /jwks']);
    } finally {
      await issuer.close();
    }
  });

  test('options are validated once, at creation', () => {
    assert.throws(() => createTokenVerifier({ issuers: [], maxTokenBytes: 0 }), { name: 'TypeError', message: 'createTokenVerifier: maxTokenBytes must be a positive integer' });
    assert.throws(() => createTokenVerifier({ issuers: [], clockSkewSeconds: -1 }), { name: 'TypeError', message: 'createTokenVerifier: clockSkewSeconds must be an integer from 0 to 300' });
    assert.throws(() => createTokenVerifier({ issuers: [{ issuer: 'https://x', audience: '' }] }), { name: 'TypeError', message: 'issuers[0].audience must be a non-empty string' });
  });
});
