/**
 * Types of the server domain: what buildServer needs, and the request fields its hooks add. The identity
 * types (Principal, TokenVerifier, BuiltinIdp) are src/identity's; the server only reads them.
 */
import type { Controller } from '../controller/index.js';
import type { Executor } from '../executors/index.js';
import type { BuiltinIdp, Principal, TokenVerifier } from '../identity/index.js';

export type { BuiltinIdp, Principal, TokenVerifier };
import type { Store } from '../store/index.js';

export interface ServerOptions {
  controller: Controller;
  store: Store;
  /** Verifies `Authorization: Bearer` tokens; every /api route refuses requests it does not accept. */
  verifier: TokenVerifier;
  /** The built-in identity provider, mounted under /oidc when given (only its handler is used). */
  idp?: Pick<BuiltinIdp, 'handle'>;
  executor: Executor;
  dataDir: string;
  /** Fastify's request log (pino) on stderr; off by default. */
  logger?: boolean;
  /** Certificate and key (PEM) to serve HTTPS instead of plain HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** How often the event stream looks for changes made by other replicas (default 1000 ms). */
  eventPollMs?: number;
}

/** An action a route performs, `resource:verb` (authorization decides on these in the next layer). */
export type Action = `${string}:${string}`;

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set by the authentication hook on every non-public route. */
    principal?: Principal;
    /** The request body as received (JSON text), so lint can point at lines and columns in it. */
    rawBody?: string;
  }
  interface FastifyContextConfig {
    action?: Action;
    /** Served without authentication (health checks, the IdP, static files). */
    public?: boolean;
  }
}
