import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, type Provider } from 'oidc-provider';
import { messagePage } from './idp-pages.js';
import { sendPage, showInteraction, submitLogin, type InteractionContext } from './interaction-routes.js';

const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]{1,128})$/;
const LOGIN = /^\/interaction\/([A-Za-z0-9_-]{1,128})\/login$/;

/**
 * The Node handler of everything under the mount path (`/oidc`). It takes the request with its URL
 * untouched, strips the mount path the way Express's `app.use('/oidc', ...)` would (req.url relative,
 * req.originalUrl full, req.baseUrl the prefix; oidc-provider derives its own URLs from these), then
 * serves the login interaction itself and hands everything else to oidc-provider.
 */
export function createIdpHandler(provider: Provider, ic: InteractionContext, onError: (err: Error) => void) {
  const callback = provider.callback();
  const { mountPath } = ic;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const path = url.split('?', 1)[0] ?? '';
    if (path !== mountPath && !path.startsWith(`${mountPath}/`)) {
      sendPage(res, 404, messagePage('Not found', 'There is no page at this address.'));
      return;
    }
    const inner = url.slice(mountPath.length);
    Object.assign(req, { originalUrl: url, baseUrl: mountPath, url: inner.startsWith('/') ? inner : `/${inner}` });
    const innerPath = path.slice(mountPath.length);
    const login = req.method === 'POST' ? LOGIN.exec(innerPath) : null;
    const show = req.method === 'GET' ? INTERACTION.exec(innerPath) : null;
    if (!login && !show) {
      void callback(req, res);
      return;
    }
    const work = login ? submitLogin(ic, req, res, login[1] ?? '') : showInteraction(ic, req, res, show?.[1] ?? '');
    work.catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof errors.SessionNotFound) {
        sendPage(res, 400, messagePage('Sign-in expired', 'This sign-in request has expired or was opened in another browser. Start again from the Keyflow CLI or UI.'));
        return;
      }
      onError(err instanceof Error ? err : new Error(String(err)));
      sendPage(res, 500, messagePage('Sign-in failed', 'Something went wrong on the server. Try again.'));
    });
  };
}
