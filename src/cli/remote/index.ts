/**
 * The CLI's remote mode: HTTP(S) to a `keyflow server` (TLS options, the Argo-compatible API client,
 * NDJSON and SSE streams), the OAuth/OIDC login flows (through openid-client) and the token store.
 * Files outside this folder import it only through this index.
 */
export { HttpTransport, type TlsOptions } from './http-transport.js';
export { ApiClient, type ApiClientOptions } from './api-client.js';
export type { ArgoObject, ArgoMetadata, ArgoList, LogEntry, WatchEvent, UserInfo, WorkflowAction, SubmitOptions } from './argo-types.js';
export { remoteError, printable } from './remote-error.js';
export { readLines, readNdjson, readSse, MAX_LINE_BYTES } from './read-stream.js';
export { configPath, readConfig, writeConfig, withConfigLock, type CliConfig, type ServerEntry } from './cli-config.js';
export { createTokenSource, REFRESH_MARGIN_MS, type TokenSource, type TokenSourceOptions } from './token-source.js';
export { builtinIssuer, discover, CLI_CLIENT_ID, CLI_SCOPE, type OidcTarget, type TokenSet } from './oidc-client.js';
export { loginWithPassword } from './login-password.js';
export { loginWithBrowser } from './login-browser.js';
export { loginWithDevice, loginWithClientCredentials, refreshTokens, revokeToken } from './login-grants.js';
export { CookieJar } from './cookie-jar.js';
export { parseForms, pageMessage, type HtmlForm } from './parse-login-form.js';
export { connect, resolveTarget, normalizeServer, isLoopback, type RemoteTarget, type TargetFlags } from './remote-target.js';
