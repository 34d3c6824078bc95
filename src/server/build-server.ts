import Fastify, { type FastifyInstance, type FastifyRequest, type RouteOptions } from 'fastify';
import { SPEC_LIMITS } from '../spec/index.js';
import { toHttpError } from './argo-error.js';
import { bearerChallenge, createAuthHook } from './authenticate.js';
import { ServerError } from './errors.js';
import { WorkflowEventHub } from './event-hub.js';
import { mountIdp } from './mount-idp.js';
import { registerRoutes, type RouteModuleFactory } from './register-routes.js';
import type { RouteDeps } from './route-deps.js';
import type { RouteModule } from './route-table.js';
import { formatSchemaErrors } from './schemas.js';
import type { Action, ServerOptions } from './types.js';
import { clusterWorkflowTemplateRoutes } from './routes/cluster-workflow-templates.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { infoRoutes } from './routes/info.js';
import { workflowActionRoutes } from './routes/workflow-actions.js';
import { workflowLogRoutes } from './routes/workflow-logs.js';
import { workflowTemplateRoutes } from './routes/workflow-templates.js';
import { workflowRoutes } from './routes/workflows.js';

/** The route plugins, by the module name the route table uses. */
const MODULES: Record<RouteModule, RouteModuleFactory> = {
  'workflows': workflowRoutes,
  'workflow-actions': workflowActionRoutes,
  'workflow-logs': workflowLogRoutes,
  'workflow-templates': workflowTemplateRoutes,
  'cluster-workflow-templates': clusterWorkflowTemplateRoutes,
  'events': eventRoutes,
  'info': infoRoutes,
  'health': healthRoutes,
};

/** A route as registered, for the route-table completeness test and the docs. */
export interface RegisteredRoute {
  method: string;
  url: string;
  action?: Action;
  public: boolean;
}

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route a server built by buildServer registered (HEAD twins included). */
export function listRoutes(app: FastifyInstance): RegisteredRoute[] {
  return [...(registered.get(app) ?? [])];
}

function recordRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as { action?: Action; public?: boolean };
    // Fail closed: an API route nobody declared an action for would escape authorization later.
    if (route.url.startsWith('/api/') && !config.action) throw new TypeError(`route ${String(route.method)} ${route.url} has no action: declare it in route-table.ts`);
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, ...(config.action ? { action: config.action } : {}), public: config.public === true });
  });
}

/** JSON bodies are parsed as usual, and their text kept so lint can give line:column in it. */
function keepRawJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request: FastifyRequest, body, done) => {
    request.rawBody = body as string;
    parseJson(request, body as string, done);
  });
}

function handleErrors(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, body, internal } = toHttpError(err);
    if (internal !== undefined) request.log.error({ err: internal }, 'request failed');
    if (status === 401) reply.header('WWW-Authenticate', bearerChallenge(request));
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler(async (request) => {
    throw new ServerError('ERR_SERVER_NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`);
  });
}

/**
 * Builds the Keyflow API server (Fastify) without listening: Argo-compatible routes from the route
 * table, bearer-token authentication on everything but health checks and the IdP, Argo's error shape,
 * a 4 MiB body limit. Tests drive it with inject(); `keyflow server` listens on it.
 */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Warnings and errors only (failed requests, verifier failures): one line per request is the proxy's job.
    logger: opts.logger ? { level: 'warn' } : false,
    bodyLimit: SPEC_LIMITS.maxBytes,
    // A client gets a minute to send its request (slow-loris); responses (event streams) may last longer.
    requestTimeout: 60_000,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    schemaErrorFormatter: formatSchemaErrors,
    ...(opts.tls ? { https: { cert: opts.tls.cert, key: opts.tls.key } } : {}),
  }) as unknown as FastifyInstance;
  recordRoutes(app);
  keepRawJson(app);
  handleErrors(app);
  let markClosing: () => void = () => undefined;
  const closing = new Promise<void>((resolve) => { markClosing = resolve; });
  const events = new WorkflowEventHub(opts.controller, opts.store, { ...(opts.eventPollMs !== undefined ? { pollMs: opts.eventPollMs } : {}) });
  // Streams (events, followed logs) end first, so close() is not held open by clients that never leave.
  app.addHook('preClose', async () => { markClosing(); });
  app.addHook('onClose', async () => { events.close(); });
  app.addHook('onRequest', createAuthHook(opts.verifier));
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    if (request.url.startsWith('/api/') && !reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });
  const deps: RouteDeps = { controller: opts.controller, store: opts.store, executor: opts.executor, events, closing };
  await registerRoutes(app, MODULES, deps);
  if (opts.idp) await mountIdp(app, opts.idp);
  return app;
}
