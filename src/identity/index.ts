/**
 * Public surface of the identity domain: bearer-token verification for any number of OIDC issuers, and
 * the built-in OpenID provider (users, service-account clients, login pages) mounted under /oidc.
 * See docs/authentication.md.
 */
export type {
  Principal, IssuerConfig, TokenVerifier, TokenVerifierOptions, BuiltinIdp, BuiltinIdpOptions,
} from './types.js';
export { createTokenVerifier, DEFAULT_MAX_TOKEN_BYTES, DEFAULT_CLOCK_SKEW_SECONDS } from './create-token-verifier.js';
export { extractBearer } from './decode-token.js';
export { createBuiltinIdp, IDP_MOUNT_PATH, ADMIN_USERNAME, ADMIN_GROUP } from './create-builtin-idp.js';
export { CLI_CLIENT_ID, UI_CLIENT_ID } from './first-party-clients.js';
export { SERVICE_ACCOUNT_CLAIM } from './idp-configuration.js';
export { IdentityError, type IdentityErrorCode } from './errors.js';
