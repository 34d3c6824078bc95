import type { FastifyInstance } from 'fastify';
import { ROUTE_TABLE, type RouteModule } from './route-table.js';
import type { RouteDeps, RouteHandlers } from './route-deps.js';

/** A route module: handlers built from the domains they call. */
export type RouteModuleFactory = (deps: RouteDeps) => RouteHandlers;

/**
 * Registers each route module as its own encapsulated Fastify plugin, with the method, url and action the
 * route table gives. A table entry without a handler, or a handler without a table entry, stops startup.
 */
export async function registerRoutes(app: FastifyInstance, modules: Record<RouteModule, RouteModuleFactory>, deps: RouteDeps): Promise<void> {
  for (const [name, factory] of Object.entries(modules) as [RouteModule, RouteModuleFactory][]) {
    const handlers = factory(deps);
    const entries = ROUTE_TABLE.filter((e) => e.module === name);
    const unused = Object.keys(handlers).filter((h) => !entries.some((e) => e.handler === h));
    if (unused.length > 0) throw new TypeError(`route module '${name}' defines handlers the route table does not name: ${unused.join(', ')}`);
    await app.register(async (plugin) => {
      for (const entry of entries) {
        const route = handlers[entry.handler];
        if (!route) throw new TypeError(`route table names ${entry.module}.${entry.handler} but the module does not define it`);
        plugin.route({
          method: entry.method, url: entry.url, handler: route.handler,
          ...(route.schema ? { schema: route.schema } : {}),
          ...(route.preValidation ? { preValidation: route.preValidation } : {}),
          config: { action: entry.action, ...(entry.public ? { public: true } : {}) },
        });
      }
    });
  }
  const missing = ROUTE_TABLE.filter((e) => !(e.module in modules));
  if (missing.length > 0) throw new TypeError(`route table names modules that are not registered: ${[...new Set(missing.map((e) => e.module))].join(', ')}`);
}
