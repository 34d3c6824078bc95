import type { HttpTransport } from './http-transport.js';
import { readConfig, withConfigLock, writeConfig, type ServerEntry } from './cli-config.js';
import { discover, type TokenSet } from './oidc-client.js';
import { loginWithClientCredentials, refreshTokens } from './login-grants.js';
import { CliRemoteError, isKeyflowError } from '../cli-error.js';

/** Renew this long before the access token expires, so a request never races the expiry. */
export const REFRESH_MARGIN_MS = 60_000;

/** Where the API client gets its bearer token. */
export interface TokenSource {
  /** The stored access token, renewed first when it expires within REFRESH_MARGIN_MS; undefined when not logged in. */
  token(): Promise<string | undefined>;
  /** After a 401: renews even though the token looked valid; true when there is a new token to retry with. */
  refresh(): Promise<boolean>;
}

export interface TokenSourceOptions {
  /** The server's key in the config file (its normalized URL). */
  server: string;
  configFile: string;
  transport: HttpTransport;
  now?: () => number;
}

function due(entry: ServerEntry, now: number): boolean {
  return entry.expiresAt !== undefined && Date.parse(entry.expiresAt) - now < REFRESH_MARGIN_MS;
}

/**
 * Tokens from the config file, renewed with the refresh token (users) or the stored client secret
 * (service accounts). Renewal holds the config lock and re-reads the file, so concurrent CLI processes
 * spend a rotating refresh token once and the others pick up its result.
 */
export function createTokenSource(opts: TokenSourceOptions): TokenSource {
  const now = opts.now ?? Date.now;
  let sent: string | undefined;

  const renew = (seen: string | undefined, force: boolean): Promise<string | undefined> => withConfigLock(opts.configFile, async () => {
    const config = readConfig(opts.configFile);
    const entry = config.servers[opts.server];
    if (!entry) return undefined;
    const fresh = !due(entry, now());
    if (fresh && (!force || entry.accessToken !== seen)) return entry.accessToken;
    const tokens = await obtain(entry, opts);
    if (!tokens) return force ? undefined : entry.accessToken;
    const { expiresAt: _e, refreshToken: _r, ...rest } = entry;
    config.servers[opts.server] = {
      ...rest,
      accessToken: tokens.accessToken,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}),
    };
    writeConfig(opts.configFile, config);
    return tokens.accessToken;
  });

  return {
    async token() {
      const entry = readConfig(opts.configFile).servers[opts.server];
      if (!entry) return (sent = undefined);
      sent = due(entry, now()) ? await renew(entry.accessToken, false) : entry.accessToken;
      return sent;
    },
    async refresh() {
      if (!sent) return false;
      const before = sent;
      const after = await renew(before, true);
      if (after) sent = after;
      return after !== undefined && after !== before;
    },
  };
}

async function obtain(entry: ServerEntry, opts: TokenSourceOptions): Promise<TokenSet | undefined> {
  const serviceAccount = entry.kind === 'serviceaccount' && entry.clientSecret !== undefined;
  if (!entry.refreshToken && !serviceAccount) return undefined;
  try {
    const config = await discover({ issuer: entry.issuer, clientId: entry.clientId, transport: opts.transport, ...(serviceAccount ? { clientSecret: entry.clientSecret } : {}) });
    return entry.refreshToken ? await refreshTokens(config, entry.refreshToken) : await loginWithClientCredentials(config);
  } catch (err) {
    if (isKeyflowError(err, 'ERR_CLI_LOGIN')) {
      throw new CliRemoteError(`the session for ${opts.server} expired and could not be renewed (${err.message}); run 'keyflow login --server ${opts.server}'`, 401);
    }
    throw err;
  }
}
