import type { RouteDeps, RouteHandlers } from '../route-deps.js';

/**
 * Liveness (/healthz: the process answers) and readiness (/readyz: the store answers too). Both public:
 * they say nothing about workflows.
 */
export function healthRoutes(deps: RouteDeps): RouteHandlers {
  return {
    live: {
      async handler(_request, reply) {
        return reply.type('text/plain').send('ok');
      },
    },
    ready: {
      async handler(request, reply) {
        try {
          await deps.store.listRuns({ limit: 1 });
          return reply.type('text/plain').send('ok');
        } catch (err) {
          request.log.warn({ err }, 'readiness check: store unavailable');
          return reply.code(503).type('text/plain').send('store unavailable');
        }
      },
    },
  };
}
