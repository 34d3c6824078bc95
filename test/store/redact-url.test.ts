import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUrl, scrubPassword } from '../../src/store/redact-url.js';

test('redactUrl keeps user, host, port and database and drops password and query parameters', () => {
  assert.equal(redactUrl('postgres://kf:p%40ss@db.example:6432/keyflow?sslmode=require&sslpassword=x'), 'postgres://kf@db.example:6432/keyflow');
  assert.equal(redactUrl('postgresql://:only-password@db/kf'), 'postgresql://db/kf');
});

test('redactUrl never echoes a URL it cannot parse', () => {
  assert.equal(redactUrl('postgres://kf:secret@[::1/db'), '<unparseable database URL>');
});

test('scrubPassword replaces the decoded password wherever a driver echoed it', () => {
  assert.equal(scrubPassword('auth failed for p@ss (p@ss)', 'postgres://kf:p%40ss@db/kf'), 'auth failed for *** (***)');
  assert.equal(scrubPassword('no password here', 'postgres://kf@db/kf'), 'no password here');
});
