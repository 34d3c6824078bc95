import { createServer, type Server } from 'node:http';
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CliLoginError } from '../cli-error.js';
import { CLI_SCOPE, loginError, oidc, toTokenSet, type TokenSet } from './oidc-client.js';

/** How long the CLI waits for the browser to come back. */
const BROWSER_TIMEOUT_MS = 5 * 60_000;

const DONE_PAGE = '<!doctype html><meta charset="utf-8"><title>Keyflow</title><p>Logged in. You can close this window and return to the terminal.</p>';

/**
 * Default `keyflow login`: authorization code + PKCE through the user's browser, the code coming back
 * to a loopback listener on 127.0.0.1 with a random port (RFC 8252 §7.3, §8.3: the IP literal, not
 * "localhost"). The browser is opened with xdg-open when there is one; the URL is printed either way.
 */
export async function loginWithBrowser(config: oidc.Configuration, say: (text: string) => void, timeoutMs = BROWSER_TIMEOUT_MS): Promise<TokenSet> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const { server, port, callback } = await listenOnLoopback(timeoutMs);
  try {
    const redirectUri = `http://127.0.0.1:${port}/callback`;
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri, scope: CLI_SCOPE, state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    say(`Log in with your browser at:\n\n  ${url.href}\n\n`);
    openBrowser(url.href);
    const returned = await callback;
    try {
      return toTokenSet(await oidc.authorizationCodeGrant(config, returned, { pkceCodeVerifier: verifier, expectedState: state }));
    } catch (err) {
      throw loginError(err, 'the identity provider refused the login');
    }
  } finally {
    server.close();
  }
}

function listenOnLoopback(timeoutMs: number): Promise<{ server: Server; port: number; callback: Promise<URL> }> {
  let resolveCallback!: (url: URL) => void;
  let rejectCallback!: (err: Error) => void;
  const callback = new Promise<URL>((resolve, reject) => {
    resolveCallback = resolve;
    rejectCallback = reject;
  });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(DONE_PAGE);
    const port = (server.address() as { port: number }).port;
    resolveCallback(new URL(`http://127.0.0.1:${port}${req.url ?? '/'}`));
  });
  const timer = setTimeout(() => rejectCallback(new CliLoginError(`no login came back from the browser within ${Math.round(timeoutMs / 1000)} seconds`)), timeoutMs);
  timer.unref();
  void callback.finally(() => clearTimeout(timer)).catch(() => undefined);
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new CliLoginError(`cannot listen on 127.0.0.1 for the login callback: ${err.message}`)));
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port, callback }));
  });
}

/** Runs xdg-open (argv, no shell) if it is on PATH; failure is fine, the URL was printed. */
function openBrowser(url: string): void {
  const opener = findOnPath('xdg-open');
  if (!opener) return;
  const child = execFile(opener, [url], { timeout: 10_000 }, () => undefined);
  child.unref();
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
