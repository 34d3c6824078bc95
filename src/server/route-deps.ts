import type { FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { Controller } from '../controller/index.js';
import type { Executor } from '../executors/index.js';
import type { Store } from '../store/index.js';
import type { WorkflowEventHub } from './event-hub.js';

/** What route handlers call: the domains (controller, store, executor) and the shared event hub. */
export interface RouteDeps {
  controller: Controller;
  store: Store;
  executor: Executor;
  events: WorkflowEventHub;
  /** Resolves when the server is shutting down (streams end). */
  closing: Promise<void>;
}

/** One handler of a route module; the route table gives it its method, url and action. */
export interface RouteHandler {
  schema?: FastifySchema;
  /** Runs before schema validation (e.g. to default an absent body). */
  preValidation?(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  handler(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}

export type RouteHandlers = Record<string, RouteHandler>;
