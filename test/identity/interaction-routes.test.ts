/**
 * The built-in IdP's login pages: one generic failure for wrong passwords and unknown users, throttling
 * per user name and address, CSRF and mix-up refusals, security headers, escaping.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browse, CookieJar, loginWithPassword, pkcePair, startIdp, type RunningIdp } from './idp-harness.js';

const PASSWORD = 'correct horse battery staple';

/** Starts an authorization request and returns the jar and the login form's action URL. */
async function openLoginForm(r: RunningIdp): Promise<{ jar: CookieJar; action: string; page: Response; html: string }> {
  const jar = new CookieJar();
  const auth = new URL(`${r.issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: 'keyflow-cli', response_type: 'code', redirect_uri: 'http://127.0.0.1:5000/callback', scope: 'openid',
    code_challenge: pkcePair().challenge, code_challenge_method: 'S256',
  }).toString();
  const start = await browse(jar, auth.href);
  const page = await browse(jar, new URL(start.headers.get('location')!, r.issuer).href);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;
  return { jar, action: new URL(action, r.issuer).href, page, html };
}

function postLogin(jar: CookieJar, action: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return browse(jar, action, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString(),
  });
}

describe('login interaction', () => {
  let r: RunningIdp;

  before(async () => {
    r = await startIdp();
    await r.idp.createUser({ username: 'alice', password: PASSWORD });
    await r.idp.createUser({ username: 'bob', password: PASSWORD });
  });

  after(async () => {
    assert.deepEqual(r.errors, []);
    await r.close();
  });

  test('serves a self-contained form with strict security headers', async () => {
    const { page, html, action } = await openLoginForm(r);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-security-policy'), "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    // Not no-referrer: that would make browsers send "Origin: null" with the form.
    assert.equal(page.headers.get('referrer-policy'), 'same-origin');
    assert.match(html, /name="username"/);
    assert.match(html, /name="password"/);
    assert.match(html, /to continue to Keyflow CLI/);
    assert.doesNotMatch(html, /<script|https?:\/\//);
    assert.match(action, new RegExp(`^${r.issuer}/interaction/[A-Za-z0-9_-]+/login$`));
  });

  test('scopes the IdP session cookie to /oidc and sets no cookie outside sign-in', async () => {
    const jar = new CookieJar();
    assert.ok((await loginWithPassword(r.issuer, { username: 'alice', password: PASSWORD, challenge: pkcePair().challenge, jar })).code);
    const session = jar.lines.filter((line) => line.startsWith('_kf_session='));
    assert.ok(session.length > 0);
    for (const line of session) assert.match(line, /; path=\/oidc;.*httponly/);
    for (const line of jar.lines.filter((l) => l.startsWith('_kf_interaction='))) assert.match(line, /; path=\/oidc\/interaction\//);
    const discovery = await fetch(`${r.issuer}/.well-known/openid-configuration`);
    assert.deepEqual(discovery.headers.getSetCookie(), []);
  });

  test('a wrong password and an unknown user get the same generic answer', async () => {
    const wrong = await openLoginForm(r);
    const a = await postLogin(wrong.jar, wrong.action, { username: 'alice', password: 'not the password' });
    const unknown = await openLoginForm(r);
    const b = await postLogin(unknown.jar, unknown.action, { username: 'mallory', password: 'not the password' });
    assert.equal(a.status, 401);
    assert.equal(b.status, 401);
    const [textA, textB] = [await a.text(), await b.text()];
    assert.match(textA, /<p class="error" role="alert">Invalid username or password\.<\/p>/);
    assert.equal(textA.replace(/interaction\/[^/]+\//, '').replace('value="alice"', ''), textB.replace(/interaction\/[^/]+\//, '').replace('value="mallory"', ''));
  });

  test('a missing field is the same failure', async () => {
    const { jar, action } = await openLoginForm(r);
    const response = await postLogin(jar, action, { username: 'alice' });
    assert.equal(response.status, 401);
    assert.match(await response.text(), /Invalid username or password\./);
  });

  test('throttles a user name from one address after five failures, even with the right password', async () => {
    const { jar, action } = await openLoginForm(r);
    for (let i = 0; i < 5; i++) {
      assert.equal((await postLogin(jar, action, { username: 'bob', password: `guess-${i}-xx` })).status, 401);
    }
    const locked = await postLogin(jar, action, { username: 'BOB', password: PASSWORD });
    assert.equal(locked.status, 429);
    assert.equal(locked.headers.get('retry-after'), '60');
    assert.match(await locked.text(), /Too many failed sign-in attempts\. Try again in 1 minute\./);
    // Another user from the same address is not affected.
    const { challenge } = pkcePair();
    assert.ok((await loginWithPassword(r.issuer, { username: 'alice', password: PASSWORD, challenge })).code);
  });

  test('refuses a login POST from another origin (CSRF), accepts one from its own page', async () => {
    const { jar, action } = await openLoginForm(r);
    const response = await postLogin(jar, action, { username: 'alice', password: PASSWORD }, { origin: 'https://evil.example' });
    assert.equal(response.status, 403);
    assert.match(await response.text(), /This form may only be submitted from the Keyflow sign-in page\./);
    const own = await postLogin(jar, action, { username: 'alice', password: PASSWORD }, { origin: new URL(r.issuer).origin });
    assert.equal(own.status, 303);
  });

  test('refuses a login POST without this browser\'s interaction cookie, or for another interaction', async () => {
    const { action } = await openLoginForm(r);
    const noCookie = await postLogin(new CookieJar(), action, { username: 'alice', password: PASSWORD });
    assert.equal(noCookie.status, 400);
    assert.match(await noCookie.text(), /This sign-in request has expired or was opened in another browser\./);
    const mine = await openLoginForm(r);
    const other = await postLogin(mine.jar, action, { username: 'alice', password: PASSWORD });
    assert.equal(other.status, 400);
    assert.equal(other.headers.get('location'), null);
  });

  test('escapes what it echoes', async () => {
    const { jar, action } = await openLoginForm(r);
    const response = await postLogin(jar, action, { username: '"><script>alert(1)</script>', password: 'whatever-123' });
    const html = await response.text();
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /value="&#34;&#62;&#60;script&#62;alert\(1\)&#60;\/script&#62;"/);
  });

  test('refuses an oversized form body as a failed login', async () => {
    const { jar, action } = await openLoginForm(r);
    const response = await postLogin(jar, action, { username: 'alice', password: 'x'.repeat(10_000) });
    assert.equal(response.status, 401);
  });

  test('renders oidc-provider errors on its own page without external assets', async () => {
    const response = await fetch(`${r.issuer}/auth?client_id=unknown-client&response_type=code`);
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /<h1>Sign-in failed<\/h1><p>client is invalid<\/p>/);
    assert.doesNotMatch(html, /https?:\/\//);
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
  });
});
