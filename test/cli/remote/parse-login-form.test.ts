import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageMessage, parseForms } from '../../../src/cli/remote/index.js';

// The built-in IdP's sign-in page after a failed attempt (src/identity/idp-pages.ts loginPage).
const LOGIN_PAGE = '<!DOCTYPE html><html lang="en"><head><title>Sign in to Keyflow</title></head><body><main>'
  + '<h1>Sign in to Keyflow</h1><p class="muted">to continue to Keyflow CLI</p>'
  + '<p class="error" role="alert">Invalid username or password.</p>'
  + '<form method="post" action="/oidc/interaction/Ab-1/login" autocomplete="on">'
  + '<label for="username">Username</label><input type="text" id="username" name="username" value="ad&amp;min" autofocus required>'
  + '<label for="password">Password</label><input type="password" id="password" name="password" required>'
  + '<input type="hidden" name="csrf" value=\'t&#39;k\'><input type="checkbox" name="remember" value="1">'
  + '<button type="submit">Sign in</button></form></main></body></html>';

test('finds the login form, its action and its prefilled fields (entities decoded, checkboxes left out)', () => {
  const [form] = parseForms(LOGIN_PAGE);
  assert.deepEqual(form, {
    action: '/oidc/interaction/Ab-1/login', method: 'post',
    fields: { username: 'ad&min', password: '', csrf: "t'k" },
    inputs: ['username', 'password', 'csrf', 'remember'],
  });
});

test('pageMessage picks the error paragraph, else the title', () => {
  assert.equal(pageMessage(LOGIN_PAGE), 'Invalid username or password.');
  assert.equal(pageMessage('<title>Sign-in failed</title><p>x</p>'), 'Sign-in failed');
  assert.equal(pageMessage('<p>nothing</p>'), undefined);
});

test('a page without forms yields none', () => {
  assert.deepEqual(parseForms('<html><body>hi</body></html>'), []);
});
