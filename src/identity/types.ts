/**
 * Types of the identity domain: who a caller is (Principal), which issuers are trusted (IssuerConfig), the
 * verifier that turns a bearer JWT into a Principal, and the built-in IdP.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JSONWebKeySet } from 'jose';
import type { Store } from '../store/index.js';

/** The authenticated caller, as every route receives it. */
export interface Principal {
  /** The `iss` of the token, exactly as configured. */
  issuer: string;
  /** The raw `sub` claim (never prefixed). */
  subject: string;
  /** From the issuer's usernameClaim, with its claimPrefix. */
  username: string;
  /** From the issuer's groupsClaim, each with its claimPrefix. */
  groups: string[];
  kind: 'user' | 'serviceaccount' | 'task';
  /** Every verified claim of the token. */
  claims: Record<string, unknown>;
}

/** One trusted token issuer (built-in IdP or an external OIDC provider). */
export interface IssuerConfig {
  /** Exact `iss` value; also the base of discovery. */
  issuer: string;
  /** Required member of the token's `aud`. */
  audience: string;
  /** Claim holding the username (default 'sub'). */
  usernameClaim?: string;
  /** Claim holding the groups: an array of strings or one string (default 'groups'). */
  groupsClaim?: string;
  /** Prepended to username and groups, to keep issuers apart (e.g. 'corp:'). */
  claimPrefix?: string;
  /** JWKS URL; default: `jwks_uri` of `${issuer}/.well-known/openid-configuration`. */
  jwksUri?: string;
  /** Allowed JWS algorithms (default RS256, ES256, EdDSA, PS256); never 'none', never HMAC. */
  algorithms?: string[];
  /** Public keys given inline instead of fetched (the built-in IdP uses this); no discovery then. */
  jwks?: JSONWebKeySet;
  /** Required `typ` header, e.g. 'at+jwt' (RFC 9068) so that ID tokens are not taken for access tokens; default: any. */
  tokenType?: string;
}

/** Turns a bearer token into a Principal. */
export interface TokenVerifier {
  /** Resolves with the caller, or rejects with IdentityError (401; 503 when the issuer cannot be reached). */
  verify(bearerToken: string): Promise<Principal>;
}

/** Options of createTokenVerifier. */
export interface TokenVerifierOptions {
  issuers: IssuerConfig[];
  /** Allowed clock difference for exp/nbf, in seconds (default 30). */
  clockSkewSeconds?: number;
  /** Tokens larger than this are refused before parsing (default 16 KiB). */
  maxTokenBytes?: number;
  /** fetch used for discovery and JWKS (default: global fetch). */
  fetch?: typeof fetch;
}

/** The built-in OpenID provider, mounted by the server under `/oidc`. */
export interface BuiltinIdp {
  /** `${serverUrl}/oidc` */
  issuer: string;
  /** Audience of the access tokens it issues (default 'keyflow'). */
  audience: string;
  /** Node http handler for everything under /oidc; give it the request with its URL untouched. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** The IssuerConfig to give createTokenVerifier for this IdP. */
  issuerConfig(): IssuerConfig;
  /** With no users yet, creates `admin` with KEYFLOW_ADMIN_PASSWORD or a random one-time password (returned once). */
  bootstrap(opts?: { password?: string }): Promise<{ adminCreated: boolean; username: string; password?: string }>;
  /** Adds a user; ERR_AUTH_ALREADY_EXISTS when the name is taken, ERR_AUTH_INVALID_INPUT for a bad name or password. */
  createUser(u: { username: string; password: string; groups?: string[]; email?: string }): Promise<void>;
  /** Registers a confidential client allowed only client_credentials; the secret is returned once and stored hashed. */
  createServiceAccountClient(c: { clientId: string; namespace: string; name: string }): Promise<{ clientId: string; clientSecret: string }>;
  /** Stops background work (expiry sweeps); the store stays open (it belongs to the caller). */
  close(): Promise<void>;
}

/** Options of createBuiltinIdp. */
export interface BuiltinIdpOptions {
  store: Store;
  /** Public base URL of the server, e.g. https://keyflow.example.com (no trailing slash needed). */
  serverUrl: string;
  /** The server's data directory (reserved: keys live in the store so that replicas share them). */
  dataDir: string;
  /** Access token lifetime in seconds (default 600). */
  accessTokenTtlSeconds?: number;
  /** Audience of access tokens (default 'keyflow'). */
  audience?: string;
  /** Trust X-Forwarded-Proto/Host from a reverse proxy (default false). */
  trustProxy?: boolean;
  /** Called with unexpected provider errors (500s); never with tokens or passwords. */
  onError?: (err: Error) => void;
  /** Interval of the sweep that deletes expired OIDC artifacts from the store, ms (default 10 minutes). */
  sweepIntervalMs?: number;
}
