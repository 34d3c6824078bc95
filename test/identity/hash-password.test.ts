import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, verifyPassword } from '../../src/identity/hash-password.js';

test('a scrypt hash verifies its password and no other', async () => {
  const hash = await hashPassword('correct horse battery staple');
  assert.match(hash, /^scrypt\$32768\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.equal(await verifyPassword('correct horse battery staple', hash), true);
  assert.equal(await verifyPassword('correct horse battery stapl', hash), false);
  assert.equal(await verifyPassword('', hash), false);
});

test('each hash has its own salt', async () => {
  assert.notEqual(await hashPassword('same password'), await hashPassword('same password'));
});

test('unicode passwords are compared in NFC', async () => {
  const hash = await hashPassword('caf\u00e9-pass');
  assert.equal(await verifyPassword('cafe\u0301-pass', hash), true);
});

test('an unreadable or hostile stored hash never verifies', async () => {
  const hash = await hashPassword('pw-12345678');
  const [, , r, p, salt, digest] = hash.split('$');
  for (const bad of ['', 'plain', 'bcrypt$x', `scrypt$1048577$${r}$${p}$${salt}$${digest}`, `scrypt$2097152$${r}$${p}$${salt}$${digest}`,
    `scrypt$32768$${r}$${p}$$${digest}`, `scrypt$30000$${r}$${p}$${salt}$${digest}`]) {
    assert.equal(await verifyPassword('pw-12345678', bad), false, bad);
  }
});
