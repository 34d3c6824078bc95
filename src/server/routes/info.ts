import { ServerError } from '../errors.js';
import type { RouteHandlers } from '../route-deps.js';

/** Keyflow's version as reported by /api/v1/version and /api/v1/info. */
export const KEYFLOW_VERSION = '0.1.0';

/** /api/v1/info, /api/v1/version and /api/v1/userinfo (who the token says the caller is). */
export function infoRoutes(): RouteHandlers {
  return {
    info: {
      async handler() {
        return { managedNamespace: '', links: [], columns: [], modals: {}, navColor: '', version: KEYFLOW_VERSION };
      },
    },
    version: {
      async handler() {
        return { version: `v${KEYFLOW_VERSION}`, platform: `${process.platform}/${process.arch}`, goVersion: '', compiler: 'keyflow', nodeVersion: process.version };
      },
    },
    userinfo: {
      async handler(request) {
        const p = request.principal;
        if (!p) throw new ServerError('ERR_SERVER_UNAUTHENTICATED', 'no authenticated caller');
        return { issuer: p.issuer, subject: p.subject, username: p.username, groups: p.groups, kind: p.kind };
      },
    },
  };
}
