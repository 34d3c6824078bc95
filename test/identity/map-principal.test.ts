import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mapPrincipal } from '../../src/identity/map-principal.js';
import { resolveIssuers } from '../../src/identity/resolve-issuers.js';
import { IdentityError } from '../../src/identity/index.js';

const [plain] = resolveIssuers([{ issuer: 'https://idp.example.com', audience: 'keyflow' }]);
const [corp] = resolveIssuers([{ issuer: 'https://corp.example.com', audience: 'keyflow', usernameClaim: 'email', groupsClaim: 'roles', claimPrefix: 'corp:' }]);

describe('mapPrincipal', () => {
  test('takes username from sub and groups from groups by default', () => {
    const principal = mapPrincipal(plain!, { sub: 'alice', groups: ['dev', 'ops'], exp: 1 });
    assert.deepEqual(principal, {
      issuer: 'https://idp.example.com', subject: 'alice', username: 'alice', groups: ['dev', 'ops'], kind: 'user',
      claims: { sub: 'alice', groups: ['dev', 'ops'], exp: 1 },
    });
  });

  test('applies usernameClaim, groupsClaim and claimPrefix; the subject stays raw', () => {
    const principal = mapPrincipal(corp!, { sub: '00u1', email: 'alice@corp.example.com', roles: 'admins' });
    assert.equal(principal.subject, '00u1');
    assert.equal(principal.username, 'corp:alice@corp.example.com');
    assert.deepEqual(principal.groups, ['corp:admins']);
  });

  test('drops empty and duplicate group names', () => {
    assert.deepEqual(mapPrincipal(plain!, { sub: 'a', groups: ['x', '', 'x'] }).groups, ['x']);
    assert.deepEqual(mapPrincipal(plain!, { sub: 'a', groups: '' }).groups, []);
    assert.deepEqual(mapPrincipal(plain!, { sub: 'a' }).groups, []);
  });

  test('is a service account when sub is the client id, azp, or gty says client-credentials', () => {
    assert.equal(mapPrincipal(plain!, { sub: 'ci', client_id: 'ci' }).kind, 'serviceaccount');
    assert.equal(mapPrincipal(plain!, { sub: 'ci', azp: 'ci' }).kind, 'serviceaccount');
    assert.equal(mapPrincipal(plain!, { sub: 'abc@clients', azp: 'abc', gty: 'client-credentials' }).kind, 'serviceaccount');
    assert.equal(mapPrincipal(plain!, { sub: 'alice', client_id: 'keyflow-cli' }).kind, 'user');
  });

  test('refuses a token without the username claim, naming the claim and the issuer', () => {
    assert.throws(() => mapPrincipal(corp!, { sub: '00u1' }), (err: unknown) => {
      assert.ok(err instanceof IdentityError);
      assert.equal(err.code, 'ERR_AUTH_INVALID_TOKEN');
      assert.equal(err.message, 'invalid bearer token: it has no string "email" claim (the username claim of issuer https://corp.example.com)');
      return true;
    });
    assert.throws(() => mapPrincipal(plain!, { groups: [] }), { code: 'ERR_AUTH_INVALID_TOKEN', message: 'invalid bearer token: it has no "sub" claim' });
  });

  test('refuses a groups claim that is neither a string nor an array of strings', () => {
    assert.throws(() => mapPrincipal(corp!, { sub: 'x', email: 'x@y', roles: { admin: true } }), {
      code: 'ERR_AUTH_INVALID_TOKEN',
      message: 'invalid bearer token: claim "roles" (the groups claim of issuer https://corp.example.com) must be a string or an array of strings',
    });
    assert.throws(() => mapPrincipal(plain!, { sub: 'x', groups: ['a', 1] }), { code: 'ERR_AUTH_INVALID_TOKEN' });
  });
});

describe('resolveIssuers', () => {
  test('fills defaults', () => {
    assert.deepEqual(plain, {
      issuer: 'https://idp.example.com', audience: 'keyflow', usernameClaim: 'sub', groupsClaim: 'groups', claimPrefix: '',
      jwksUri: undefined, jwks: undefined, algorithms: ['RS256', 'ES256', 'EdDSA', 'PS256'], tokenType: undefined,
    });
  });

  test('refuses none and HMAC algorithms at configuration time', () => {
    for (const alg of ['none', 'HS256', 'HS512']) {
      assert.throws(() => resolveIssuers([{ issuer: 'https://a', audience: 'k', algorithms: [alg] }]), {
        name: 'TypeError',
        message: `issuers[0].algorithms may only list asymmetric algorithms (RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519); got "${alg}"`,
      });
    }
  });

  test('refuses plain-http issuers except on loopback, and duplicate issuers', () => {
    assert.throws(() => resolveIssuers([{ issuer: 'http://idp.example.com', audience: 'k' }]), {
      name: 'TypeError', message: 'issuers[0].issuer must use https (plain http is accepted only for loopback hosts)',
    });
    assert.equal(resolveIssuers([{ issuer: 'http://127.0.0.1:8080/oidc', audience: 'k' }]).length, 1);
    assert.throws(() => resolveIssuers([{ issuer: 'https://a', audience: 'k' }, { issuer: 'https://a', audience: 'k' }]), {
      name: 'TypeError', message: 'issuers[1].issuer "https://a" is configured twice',
    });
  });

  test('refuses inline keys with private parts', () => {
    assert.throws(() => resolveIssuers([{ issuer: 'http://x', audience: 'k', jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } }]), {
      name: 'TypeError', message: 'issuers[0].jwks must hold public keys only',
    });
  });
});
