import { randomInt } from 'node:crypto';
import type { HttpResponse, HttpTransport } from './http-transport.js';
import { CliLoginError } from '../cli-error.js';
import { CookieJar } from './cookie-jar.js';
import { pageMessage, parseForms, type HtmlForm } from './parse-login-form.js';
import { CLI_SCOPE, loginError, oidc, toTokenSet, type TokenSet } from './oidc-client.js';

/** More hops than any login takes (auth -> interaction -> login -> auth -> consent -> auth -> redirect). */
const MAX_HOPS = 20;

interface Step {
  method: 'GET' | 'POST';
  url: URL;
  body?: string;
}

/**
 * `keyflow login --username U --password-stdin`: the authorization code + PKCE flow driven without a
 * browser. The CLI follows the IdP's redirects with a cookie jar to its login page, posts the form,
 * follows on (consent is granted by the IdP for its first-party client) and stops at the redirect to
 * the loopback redirect_uri, whose `code` it exchanges with the PKCE verifier. No listener is needed:
 * the redirect's Location is read instead of followed. The password is only ever sent to the issuer's
 * own origin.
 */
export async function loginWithPassword(config: oidc.Configuration, transport: HttpTransport, username: string, password: string): Promise<TokenSet> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  // RFC 8252 §7.3: any port on the loopback redirect is accepted; nothing listens on it here.
  const redirectUri = `http://127.0.0.1:${randomInt(49152, 65535)}/callback`;
  const authUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri, scope: CLI_SCOPE, state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const issuerOrigin = new URL(config.serverMetadata().issuer).origin;
  const jar = new CookieJar();
  let step: Step = { method: 'GET', url: authUrl };
  let posted = false;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    if (isRedirectTarget(step.url, redirectUri)) {
      try {
        const tokens = await oidc.authorizationCodeGrant(config, step.url, { pkceCodeVerifier: verifier, expectedState: state });
        return toTokenSet(tokens);
      } catch (err) {
        throw loginError(err, 'the identity provider refused the login');
      }
    }
    if (step.url.origin !== issuerOrigin) throw new CliLoginError(`the identity provider redirected to ${step.url.origin}, outside its issuer ${issuerOrigin}; refusing to follow`);
    const res = await send(transport, jar, step);
    if (res.status >= 300 && res.status < 400 && res.headers.location) {
      res.stream.resume();
      step = { method: 'GET', url: new URL(res.headers.location, step.url) };
      continue;
    }
    const html = await res.text();
    const form = res.status === 200 ? parseForms(html).find((f) => f.inputs.includes('password')) : undefined;
    if (form && !posted) {
      step = fillLoginForm(form, step.url, username, password);
      posted = true;
      continue;
    }
    if (posted) throw new CliLoginError(`the identity provider did not accept the username and password for '${username}'${describe(html)}`);
    throw new CliLoginError(`unexpected answer from the identity provider at ${step.url.pathname} (HTTP ${res.status})${describe(html)}`);
  }
  throw new CliLoginError(`the identity provider redirected more than ${MAX_HOPS} times without finishing the login`);
}

function isRedirectTarget(url: URL, redirectUri: string): boolean {
  const target = new URL(redirectUri);
  return url.origin === target.origin && url.pathname === target.pathname;
}

async function send(transport: HttpTransport, jar: CookieJar, step: Step): Promise<HttpResponse> {
  const cookie = jar.header(step.url);
  const res = await transport.send({
    method: step.method, url: step.url,
    headers: {
      accept: 'text/html', 'user-agent': 'keyflow-cli',
      ...(cookie ? { cookie } : {}),
      ...(step.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(step.body !== undefined ? { body: step.body } : {}),
  });
  jar.store(step.url, res.headers['set-cookie']);
  return res;
}

function fillLoginForm(form: HtmlForm, page: URL, username: string, password: string): Step {
  const body = new URLSearchParams({ ...form.fields, username, password });
  // An empty action posts back to the page itself (HTML's form submission algorithm).
  const url = new URL(form.action || page.href, page);
  return { method: 'POST', url, body: body.toString() };
}

function describe(html: string): string {
  const message = pageMessage(html);
  return message ? `: ${message}` : '';
}
