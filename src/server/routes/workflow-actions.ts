import type { EngineEvent, RunState } from '../../engine/index.js';
import { apiWorkflow } from '../api-objects.js';
import { ServerError } from '../errors.js';
import { checkBodyMatchesPath } from '../request-manifest.js';
import type { RouteDeps, RouteHandler, RouteHandlers } from '../route-deps.js';
import { NAME_PARAMS } from '../schemas.js';

interface NameParams { namespace: string; name: string }
interface ActionBody {
  namespace?: string; name?: string; nodeFieldSelector?: string; message?: string;
  restartSuccessful?: boolean; parameters?: string[]; memoized?: boolean;
}

const COMMON = { namespace: { type: 'string' }, name: { type: 'string' } } as const;
const bodyWith = (extra: Record<string, unknown>) => ({ type: 'object', additionalProperties: false, properties: { ...COMMON, ...extra } });
const SELECTOR = { type: 'string', maxLength: 4096 } as const;

/**
 * Argo's nodeFieldSelector names the node a resume applies to (`displayName=approve`); Keyflow's engine
 * takes a node name or display name, so those are the selectors it accepts.
 */
function nodeNameFrom(selector: string | undefined): string | undefined {
  if (!selector) return undefined;
  const m = /^\s*(displayName|name|id)\s*(==|=)\s*([^,]+?)\s*$/.exec(selector);
  if (!m) throw new ServerError('ERR_SERVER_UNSUPPORTED', `nodeFieldSelector '${selector}' is not supported: use displayName=NAME, name=NAME or id=ID`);
  return m[3];
}

/** One action route: the body checked against the path, then the controller does the work. */
function action(deps: RouteDeps, extra: Record<string, unknown>, run: (p: NameParams, body: ActionBody) => Promise<RunState>): RouteHandler {
  return {
    schema: { params: NAME_PARAMS, body: bodyWith(extra) },
    // Argo's clients always send a body; curl -X PUT without one means "no options".
    async preValidation(request) {
      if (request.body === undefined || request.body === null) request.body = {};
    },
    async handler(request) {
      const params = request.params as NameParams;
      const body = (request.body ?? {}) as ActionBody;
      checkBodyMatchesPath(body, params);
      return apiWorkflow(await run(params, body), undefined);
    },
  };
}

/** stop, terminate, suspend, resume, retry: the user actions of a workflow, applied by the controller. */
export function workflowActionRoutes(deps: RouteDeps): RouteHandlers {
  const act = (p: NameParams, event: EngineEvent) => deps.controller.act(p.namespace, p.name, event);
  return {
    stop: action(deps, { nodeFieldSelector: SELECTOR, message: { type: 'string', maxLength: 4096 } }, (p, body) => {
      if (body.nodeFieldSelector) throw new ServerError('ERR_SERVER_UNSUPPORTED', 'stop with a nodeFieldSelector is not supported: stop applies to the whole workflow');
      return act(p, { type: 'stop', strategy: 'Stop', ...(body.message ? { message: body.message } : {}) });
    }),
    terminate: action(deps, {}, (p) => act(p, { type: 'stop', strategy: 'Terminate' })),
    suspend: action(deps, {}, (p) => act(p, { type: 'suspend' })),
    resume: action(deps, { nodeFieldSelector: SELECTOR, memoized: { type: 'boolean' } }, (p, body) => {
      const nodeName = nodeNameFrom(body.nodeFieldSelector);
      return act(p, { type: 'resume', ...(nodeName ? { nodeName } : {}) });
    }),
    retry: action(deps, { nodeFieldSelector: SELECTOR, restartSuccessful: { type: 'boolean' }, parameters: { type: 'array', items: { type: 'string' } } }, (p, body) => {
      if (body.restartSuccessful || body.nodeFieldSelector || (body.parameters?.length ?? 0) > 0) {
        throw new ServerError('ERR_SERVER_UNSUPPORTED', 'retry with restartSuccessful, nodeFieldSelector or parameters is not supported: retry re-runs the failed tasks');
      }
      return deps.controller.retry(p.namespace, p.name);
    }),
  };
}
