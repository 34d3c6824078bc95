/**
 * Public surface of the server domain: the Argo-compatible HTTP API (Fastify) in front of the controller
 * and store, with bearer-token authentication, and the `keyflow server` start-up. See docs/server.md.
 */
export { buildServer, listRoutes, type RegisteredRoute } from './build-server.js';
export { startServer, isLoopback, type StartServerOptions, type RunningServer } from './start-server.js';
export { loadServerConfig, type ServerConfig } from './load-server-config.js';
export { ROUTE_TABLE, type RouteEntry, type RouteModule } from './route-table.js';
export { ServerError, type ServerErrorCode } from './errors.js';
export type { ServerOptions, Action } from './types.js';
