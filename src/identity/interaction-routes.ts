import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';
import { grantFirstParty, isFirstParty } from './first-party-clients.js';
import { loginPage, messagePage, PAGE_HEADERS } from './idp-pages.js';
import type { LoginThrottle } from './login-throttle.js';
import { readFormBody } from './read-form-body.js';
import type { PasswordChecker } from './user-directory.js';

export interface InteractionContext {
  provider: Provider;
  passwords: PasswordChecker;
  throttle: LoginThrottle;
  /** Origin of the issuer; a login POST from any other Origin is refused. */
  issuerOrigin: string;
  mountPath: string;
  resource: string;
  trustProxy: boolean;
}

const GENERIC_FAILURE = 'Invalid username or password.';
const EXPIRED = 'This sign-in request has expired or was opened in another browser. Start again from the Keyflow CLI or UI.';

/**
 * GET `${mountPath}/interaction/:uid`. CSRF and mix-up safety come from oidc-provider's interaction model:
 * the uid in the URL must be the one in the signed, SameSite=Lax interaction cookie of this browser.
 * Login shows the form; consent is given automatically for first-party clients and refused for others.
 */
export async function showInteraction(ic: InteractionContext, req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
  const details = await ic.provider.interactionDetails(req, res);
  if (details.uid !== uid) return sendPage(res, 400, messagePage('Sign-in expired', EXPIRED));
  const clientId = String(details.params.client_id ?? '');
  if (details.prompt.name === 'login') {
    return sendPage(res, 200, loginPage({ action: `${ic.mountPath}/interaction/${uid}/login`, clientName: await clientName(ic, clientId) }));
  }
  const accountId = details.session?.accountId;
  if (details.prompt.name === 'consent' && isFirstParty(clientId) && accountId) {
    const grantId = await grantFirstParty(ic.provider, {
      accountId, clientId, scope: details.params.scope, resource: ic.resource, grantId: details.grantId,
    });
    await ic.provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  return sendPage(res, 403, messagePage('Not allowed', 'Keyflow signs in only to its own applications (keyflow-cli, keyflow-ui).'));
}

/**
 * POST `${mountPath}/interaction/:uid/login` with `username` and `password`. A wrong password, an unknown
 * user and a missing field all get the same form and message (401); too many failures for this name from
 * this address get 429 without the password being checked.
 */
export async function submitLogin(ic: InteractionContext, req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
  // Defence in depth behind the SameSite interaction cookie: a browser names the page's origin on a form
  // POST; a foreign one is refused. Non-browser clients send none; "null" (opaque origins) carries no claim.
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null' && origin !== ic.issuerOrigin) {
    return sendPage(res, 403, messagePage('Not allowed', 'This form may only be submitted from the Keyflow sign-in page.'));
  }
  const form = await readFormBody(req);
  const details = await ic.provider.interactionDetails(req, res);
  if (details.uid !== uid) return sendPage(res, 400, messagePage('Sign-in expired', EXPIRED));
  if (details.prompt.name !== 'login') {
    res.writeHead(303, { location: `${ic.mountPath}/interaction/${uid}`, 'cache-control': 'no-store' }).end();
    return;
  }
  const clientId = String(details.params.client_id ?? '');
  const username = (form?.get('username') ?? '').trim();
  const password = form?.get('password') ?? '';
  const again = async (status: number, message: string, headers: Record<string, string> = {}) =>
    sendPage(res, status, loginPage({ action: `${ic.mountPath}/interaction/${uid}/login`, clientName: await clientName(ic, clientId), username, message }), headers);

  const ip = clientIp(req, ic.trustProxy);
  const waitMs = ic.throttle.retryAfterMs(username, ip);
  if (waitMs > 0) {
    const minutes = Math.ceil(waitMs / 60_000);
    return again(429, `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, { 'retry-after': String(Math.ceil(waitMs / 1000)) });
  }
  const user = username && password ? await ic.passwords.authenticate(username, password) : undefined;
  if (!user) {
    ic.throttle.recordFailure(username, ip);
    return again(401, GENERIC_FAILURE);
  }
  ic.throttle.recordSuccess(username, ip);
  const result: Record<string, unknown> = { login: { accountId: user.username } };
  if (isFirstParty(clientId)) {
    // Signing in to Keyflow's own client is the consent; without it native clients would get a second prompt.
    const grantId = await grantFirstParty(ic.provider, { accountId: user.username, clientId, scope: details.params.scope, resource: ic.resource });
    result.consent = { grantId };
  }
  await ic.provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

/** Writes an HTML page with the IdP's security headers. */
export function sendPage(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...PAGE_HEADERS, ...headers, 'content-length': String(Buffer.byteLength(html)) });
  res.end(html);
}

async function clientName(ic: InteractionContext, clientId: string): Promise<string> {
  const client = clientId ? await ic.provider.Client.find(clientId) : undefined;
  return client?.clientName ?? (clientId || 'Keyflow');
}

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim() : '';
  return forwarded || req.socket.remoteAddress || 'unknown';
}
