/**
 * Users, bootstrap and service-account clients of the built-in IdP, against a real SQLite store.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { IdentityError } from '../../src/identity/index.js';
import { loginWithPassword, pkcePair, startIdp, type RunningIdp } from './idp-harness.js';

async function rejectsWith(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof IdentityError);
    assert.equal(err.code, code);
    assert.equal(err.message, message);
    return true;
  });
}

describe('bootstrap', () => {
  let r: RunningIdp;
  const saved = process.env.KEYFLOW_ADMIN_PASSWORD;

  beforeEach(async () => { await r?.close(); r = await startIdp(); delete process.env.KEYFLOW_ADMIN_PASSWORD; });
  after(async () => {
    await r.close();
    if (saved === undefined) delete process.env.KEYFLOW_ADMIN_PASSWORD; else process.env.KEYFLOW_ADMIN_PASSWORD = saved;
  });

  test('creates admin in keyflow:admins with a random password returned once, which signs in', async () => {
    const first = await r.idp.bootstrap();
    assert.equal(first.adminCreated, true);
    assert.equal(first.username, 'admin');
    assert.match(first.password!, /^[A-Za-z0-9_-]{24}$/);
    assert.deepEqual(await r.idp.bootstrap(), { adminCreated: false, username: 'admin' });
    const stored = JSON.stringify(await r.store.listResources({ kind: 'keyflow.dev/UserPassword' }));
    assert.ok(!stored.includes(first.password!));
    const login = await loginWithPassword(r.issuer, { username: 'admin', password: first.password!, challenge: pkcePair().challenge });
    assert.ok(login.code);
    const user = await r.store.getResource('keyflow.dev/User', '', 'admin');
    assert.deepEqual(user?.manifest, { apiVersion: 'keyflow.dev/v1', kind: 'User', metadata: { name: 'admin' }, spec: { groups: ['keyflow:admins'] } });
  });

  test('takes KEYFLOW_ADMIN_PASSWORD and does not return it', async () => {
    process.env.KEYFLOW_ADMIN_PASSWORD = 'from-the-environment';
    assert.deepEqual(await r.idp.bootstrap(), { adminCreated: true, username: 'admin' });
    assert.ok((await loginWithPassword(r.issuer, { username: 'admin', password: 'from-the-environment', challenge: pkcePair().challenge })).code);
  });

  test('does nothing when any user exists', async () => {
    await r.idp.createUser({ username: 'alice', password: 'password-1' });
    assert.deepEqual(await r.idp.bootstrap(), { adminCreated: false, username: 'admin' });
    assert.equal(await r.store.getResource('keyflow.dev/User', '', 'admin'), undefined);
  });

  test('refuses a KEYFLOW_ADMIN_PASSWORD that is too short', async () => {
    process.env.KEYFLOW_ADMIN_PASSWORD = 'short';
    await rejectsWith(r.idp.bootstrap(), 'ERR_AUTH_INVALID_INPUT', 'password must have 8 to 1024 characters');
  });
});

describe('users and service-account clients', () => {
  let r: RunningIdp;
  before(async () => { r = await startIdp(); });
  after(async () => { await r.close(); });

  test('keeps the password hash out of the User resource', async () => {
    await r.idp.createUser({ username: 'carol', password: 'password-1', groups: ['dev'], email: 'carol@example.com' });
    const user = await r.store.getResource('keyflow.dev/User', '', 'carol');
    assert.deepEqual(user?.manifest.spec, { groups: ['dev'], email: 'carol@example.com' });
    const secret = await r.store.getResource('keyflow.dev/UserPassword', '', 'carol');
    assert.match(secret?.manifest.passwordHash as string, /^scrypt\$/);
  });

  test('refuses a duplicate user', async () => {
    await rejectsWith(r.idp.createUser({ username: 'carol', password: 'password-2' }), 'ERR_AUTH_ALREADY_EXISTS', 'user "carol" already exists');
  });

  test('refuses bad user names, groups, e-mail addresses and passwords', async () => {
    await rejectsWith(r.idp.createUser({ username: '-x', password: 'password-1' }), 'ERR_AUTH_INVALID_INPUT',
      'username must be 1-128 characters: letters, digits and . _ @ + -, starting with a letter or digit');
    await rejectsWith(r.idp.createUser({ username: 'a b', password: 'password-1' }), 'ERR_AUTH_INVALID_INPUT',
      'username must be 1-128 characters: letters, digits and . _ @ + -, starting with a letter or digit');
    await rejectsWith(r.idp.createUser({ username: 'dave', password: 'password-1', groups: ['ok', 'not ok'] }), 'ERR_AUTH_INVALID_INPUT',
      'groups must be names of 1-128 characters: letters, digits and : . _ @ / + -, starting with a letter or digit');
    await rejectsWith(r.idp.createUser({ username: 'dave', password: 'password-1', email: 'nope' }), 'ERR_AUTH_INVALID_INPUT',
      'email must be an address such as alice@example.com');
    await rejectsWith(r.idp.createUser({ username: 'dave', password: 'short' }), 'ERR_AUTH_INVALID_INPUT', 'password must have 8 to 1024 characters');
  });

  test('user names and client ids share one namespace', async () => {
    await r.idp.createServiceAccountClient({ clientId: 'deployer', namespace: 'prod', name: 'deploy' });
    await rejectsWith(r.idp.createUser({ username: 'deployer', password: 'password-1' }), 'ERR_AUTH_ALREADY_EXISTS',
      '"deployer" is already a client id (user names and client ids share one namespace)');
    await rejectsWith(r.idp.createUser({ username: 'keyflow-cli', password: 'password-1' }), 'ERR_AUTH_ALREADY_EXISTS',
      '"keyflow-cli" is already a client id (user names and client ids share one namespace)');
    await rejectsWith(r.idp.createServiceAccountClient({ clientId: 'carol', namespace: 'prod', name: 'x' }), 'ERR_AUTH_ALREADY_EXISTS',
      '"carol" is already a user or client name (they share one namespace)');
    await rejectsWith(r.idp.createServiceAccountClient({ clientId: 'deployer', namespace: 'prod', name: 'x' }), 'ERR_AUTH_ALREADY_EXISTS',
      'client "deployer" already exists');
    await rejectsWith(r.idp.createServiceAccountClient({ clientId: 'keyflow', namespace: 'prod', name: 'x' }), 'ERR_AUTH_INVALID_INPUT',
      'clientId must not be the audience "keyflow"');
  });

  test('refuses service-account names that are not DNS labels', async () => {
    await rejectsWith(r.idp.createServiceAccountClient({ clientId: 'x1', namespace: 'Prod', name: 'x' }), 'ERR_AUTH_INVALID_INPUT',
      'service account namespace must be a DNS label (lowercase letters, digits and -, at most 63)');
    await rejectsWith(r.idp.createServiceAccountClient({ clientId: 'x1', namespace: 'prod', name: 'a_b' }), 'ERR_AUTH_INVALID_INPUT',
      'service account name must be a DNS label (lowercase letters, digits and -, at most 63)');
    await rejectsWith(r.idp.createServiceAccountClient({ clientId: 'has space', namespace: 'prod', name: 'a' }), 'ERR_AUTH_INVALID_INPUT',
      'clientId must be 1-128 characters: letters, digits and . _ @ + -, starting with a letter or digit');
  });

  test('a service-account client cannot use the authorization-code flow', async () => {
    const { clientId } = await r.idp.createServiceAccountClient({ clientId: 'batch', namespace: 'prod', name: 'batch' });
    const response = await fetch(`${r.issuer}/auth?client_id=${clientId}&response_type=code&scope=openid`, { redirect: 'manual' });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /Sign-in failed/);
  });
});
