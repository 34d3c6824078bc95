/**
 * A second, separately started oidc-provider acting as a corporate IdP (its own RSA keys, its own port,
 * its own claims): its tokens are accepted when it is configured, with usernameClaim/groupsClaim and
 * claimPrefix applied, and refused when it is not.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import { Provider } from 'oidc-provider';
import { createTokenVerifier, IdentityError } from '../../src/identity/index.js';
import { createStoreAdapters } from '../../src/identity/store-adapter.js';
import { openStore } from '../../src/store/index.js';
import { listen, startIdp, tokenRequest, type RunningIdp } from './idp-harness.js';

/** A corporate IdP: client_credentials for `corp-ci`, JWT access tokens for audience keyflow, email + groups claims. */
async function startCorporateIdp(): Promise<{ issuer: string; close(): Promise<void> }> {
  // Its own storage (an in-memory SQLite store), so oidc-provider does not fall back to its dev-only adapter.
  const store = await openStore({ sqlitePath: ':memory:' });
  const mounted: { handle?: (req: never, res: never) => void } = {};
  const server: Server = createServer((req, res) => mounted.handle!(req as never, res as never));
  const issuer = await listen(server);
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    adapter: createStoreAdapters(store).factory,
    jwks: { keys: [{ ...await exportJWK(privateKey), kid: 'corp-2026', alg: 'RS256', use: 'sig' }] } as never,
    clients: [{ client_id: 'corp-ci', client_secret: 'corp-ci-secret-0123456789', grant_types: ['client_credentials'], response_types: [], redirect_uris: [] }],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => 'https://keyflow.corp.example.com',
        useGrantedResource: async () => true,
        getResourceServerInfo: async () => ({ scope: 'api', audience: 'keyflow', accessTokenTTL: 300, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      },
    },
    extraTokenClaims: async () => ({ email: 'ci@corp.example.com', roles: ['builders', 'release'] }),
    ttl: { ClientCredentials: 300 },
    clientBasedCORS: () => false,
  });
  mounted.handle = provider.callback() as never;
  return {
    issuer,
    close: async () => {
      await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
      await store.close();
    },
  };
}

describe('an external corporate issuer', () => {
  let corp: Awaited<ReturnType<typeof startCorporateIdp>>;
  let builtin: RunningIdp;
  let corpToken: string;

  before(async () => {
    corp = await startCorporateIdp();
    builtin = await startIdp();
    const { status, body } = await tokenRequest(corp.issuer, { grant_type: 'client_credentials', client_id: 'corp-ci', client_secret: 'corp-ci-secret-0123456789' });
    assert.equal(status, 200);
    corpToken = body.access_token as string;
  });

  after(async () => {
    await corp.close();
    await builtin.close();
  });

  test('its tokens are accepted when configured, with the claim mapping and prefix applied', async () => {
    const verifier = createTokenVerifier({
      issuers: [
        builtin.idp.issuerConfig(),
        { issuer: corp.issuer, audience: 'keyflow', usernameClaim: 'email', groupsClaim: 'roles', claimPrefix: 'corp:' },
      ],
    });
    const principal = await verifier.verify(corpToken);
    assert.equal(principal.issuer, corp.issuer);
    assert.equal(principal.subject, 'corp-ci');
    assert.equal(principal.username, 'corp:ci@corp.example.com');
    assert.deepEqual(principal.groups, ['corp:builders', 'corp:release']);
    assert.equal(principal.kind, 'serviceaccount');
    // The built-in IdP's tokens still verify through the same verifier.
    const sa = await builtin.idp.createServiceAccountClient({ clientId: 'local-ci', namespace: 'default', name: 'ci' });
    const local = await tokenRequest(builtin.issuer, { grant_type: 'client_credentials', client_id: sa.clientId, client_secret: sa.clientSecret });
    assert.equal((await verifier.verify(local.body.access_token as string)).username, 'local-ci');
  });

  test('its tokens are refused when it is not configured, without contacting it', async () => {
    const urls: string[] = [];
    const verifier = createTokenVerifier({
      issuers: [builtin.idp.issuerConfig()],
      fetch: ((input: string) => { urls.push(String(input)); return fetch(input); }) as typeof fetch,
    });
    await assert.rejects(verifier.verify(corpToken), (err: unknown) => {
      assert.ok(err instanceof IdentityError);
      assert.equal(err.code, 'ERR_AUTH_UNKNOWN_ISSUER');
      assert.equal(err.status, 401);
      assert.equal(err.message, `bearer token issuer "${corp.issuer}" is not a configured issuer`);
      return true;
    });
    assert.deepEqual(urls, []);
  });

  test('its tokens are refused when configured for another audience or with RS256 not allowed', async () => {
    const otherAudience = createTokenVerifier({ issuers: [{ issuer: corp.issuer, audience: 'argo' }] });
    await assert.rejects(otherAudience.verify(corpToken), { code: 'ERR_AUTH_AUDIENCE', message: 'bearer token audience "keyflow" does not include "argo"' });
    const ecOnly = createTokenVerifier({ issuers: [{ issuer: corp.issuer, audience: 'keyflow', algorithms: ['ES256'] }] });
    await assert.rejects(ecOnly.verify(corpToken), {
      code: 'ERR_AUTH_INVALID_TOKEN', message: `invalid bearer token: algorithm "RS256" is not allowed for issuer ${corp.issuer} (allowed: ES256)`,
    });
  });

  test('a token of the built-in IdP is not accepted as the corporate issuer\'s', async () => {
    const verifier = createTokenVerifier({ issuers: [{ issuer: corp.issuer, audience: 'keyflow' }] });
    const sa = await builtin.idp.createServiceAccountClient({ clientId: 'other-ci', namespace: 'default', name: 'other' });
    const local = await tokenRequest(builtin.issuer, { grant_type: 'client_credentials', client_id: sa.clientId, client_secret: sa.clientSecret });
    await assert.rejects(verifier.verify(local.body.access_token as string), { code: 'ERR_AUTH_UNKNOWN_ISSUER' });
  });
});
