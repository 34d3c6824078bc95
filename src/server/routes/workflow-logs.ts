import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toHttpError } from '../argo-error.js';
import { ServerError } from '../errors.js';
import type { RouteDeps, RouteHandler, RouteHandlers } from '../route-deps.js';
import { NAME, NAME_PARAMS, NAMESPACE } from '../schemas.js';
import { streamWorkflowLogs } from '../stream-logs.js';

interface LogParams { namespace: string; name: string; podName?: string }
interface LogQuery { podName?: string; 'logOptions.follow'?: boolean; 'logOptions.container'?: string }

const LOG_QUERY = {
  type: 'object',
  properties: {
    podName: { type: 'string', maxLength: 253 },
    'logOptions.follow': { type: 'boolean' },
    'logOptions.container': { type: 'string', maxLength: 253 },
  },
} as const;

const POD_PARAMS = {
  type: 'object', required: ['namespace', 'name', 'podName'], additionalProperties: false,
  properties: { namespace: NAMESPACE, name: NAME, podName: NAME },
} as const;

/** Wraps the log generator so a failure mid-stream ends it with Argo's `{"error":...}` line, not a cut. */
async function* guarded(lines: AsyncGenerator<string>): AsyncGenerator<string> {
  try {
    yield* lines;
  } catch (err) {
    const { body } = toHttpError(err);
    yield `${JSON.stringify({ error: { code: body.code, message: body.message } })}\n`;
  }
}

async function sendLogs(deps: RouteDeps, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const params = request.params as LogParams;
  const query = request.query as LogQuery;
  const podName = params.podName ?? query.podName;
  const follow = query['logOptions.follow'] === true;
  const state = await deps.controller.get(params.namespace, params.name);
  if (podName !== undefined && !follow && !Object.values(state.nodes).some((n) => n.type === 'Pod' && (n.id === podName || n.name === podName))) {
    throw new ServerError('ERR_SERVER_NOT_FOUND', `workflow '${params.name}' has no pod '${podName}'`);
  }
  const abort = new AbortController();
  reply.raw.once('close', () => abort.abort());
  void deps.closing.then(() => abort.abort());
  // Keyflow tasks have one container; asking for another (init, wait) yields nothing, as in Argo.
  const container = query['logOptions.container'];
  const lines = container !== undefined && container !== 'main'
    ? (async function* empty(): AsyncGenerator<string> {})()
    : streamWorkflowLogs(deps, state, { namespace: params.namespace, name: params.name, ...(podName !== undefined ? { podName } : {}), follow, signal: abort.signal });
  reply.header('Content-Type', 'application/json').header('Cache-Control', 'no-cache').header('X-Accel-Buffering', 'no');
  return reply.send(Readable.from(guarded(lines), { objectMode: false }));
}

/** Workflow logs as Argo streams them: newline-delimited JSON, followed until the workflow ends. */
export function workflowLogRoutes(deps: RouteDeps): RouteHandlers {
  const log: RouteHandler = { schema: { params: NAME_PARAMS, querystring: LOG_QUERY }, handler: (request, reply) => sendLogs(deps, request, reply) };
  const podLog: RouteHandler = { schema: { params: POD_PARAMS, querystring: LOG_QUERY }, handler: (request, reply) => sendLogs(deps, request, reply) };
  return { log, podLog };
}
