import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CookieJar } from '../../../src/cli/remote/index.js';

test('cookies go back only to their host and to paths under their Path', () => {
  const jar = new CookieJar();
  jar.store(new URL('http://127.0.0.1:9/oidc/auth?x=1'), ['_kf_interaction=abc; path=/oidc/interaction/uid1; httponly', '_kf_resume=def; path=/oidc/auth/uid1']);
  assert.equal(jar.header(new URL('http://127.0.0.1:9/oidc/interaction/uid1')), '_kf_interaction=abc');
  assert.equal(jar.header(new URL('http://127.0.0.1:9/oidc/interaction/uid1/login')), '_kf_interaction=abc');
  assert.equal(jar.header(new URL('http://127.0.0.1:9/oidc/interaction/uid10')), undefined);
  assert.equal(jar.header(new URL('http://127.0.0.1:9/oidc/auth/uid1')), '_kf_resume=def');
  assert.equal(jar.header(new URL('http://localhost:9/oidc/auth/uid1')), undefined);
});

test('a cookie set again replaces the old value; Max-Age=0 or a past Expires removes it', () => {
  const jar = new CookieJar();
  const url = new URL('http://127.0.0.1:9/oidc/x');
  jar.store(url, 'a=1; path=/');
  jar.store(url, 'a=2; path=/');
  assert.equal(jar.header(url), 'a=2');
  jar.store(url, 'a=; path=/; max-age=0');
  assert.equal(jar.header(url), undefined);
  jar.store(url, ['b=1; path=/', 'b=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT']);
  assert.equal(jar.header(url), undefined);
});

test('Secure cookies are not sent over plain HTTP; without Path the default path is the directory', () => {
  const jar = new CookieJar();
  jar.store(new URL('https://h/a/b/c'), ['s=1; secure', 'd=2']);
  assert.equal(jar.header(new URL('http://h/a/b/c')), 'd=2');
  assert.equal(jar.header(new URL('https://h/a/b/z')), 's=1; d=2');
  assert.equal(jar.header(new URL('https://h/a/x')), undefined);
});
