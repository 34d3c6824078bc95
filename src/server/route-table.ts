import type { Action } from './types.js';

/** The route plugins, one per API domain (src/server/routes/<module>.ts). */
export type RouteModule =
  | 'workflows' | 'workflow-actions' | 'workflow-logs' | 'workflow-templates' | 'cluster-workflow-templates'
  | 'events' | 'info' | 'health';

export interface RouteEntry {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  /** What the route does, `resource:verb`; authorization (next layer) decides on it. */
  action: Action;
  module: RouteModule;
  /** Handler name inside the module. */
  handler: string;
  /** No authentication (health checks only). */
  public?: true;
}

const WF = '/api/v1/workflows/:namespace';
const WFT = '/api/v1/workflow-templates/:namespace';
const CWFT = '/api/v1/cluster-workflow-templates';

/**
 * Every route the server serves, in one place (oidc-provider's pipeline table): paths and JSON shapes
 * follow Argo Server (grpc-gateway) so Argo clients work unchanged. A route missing here does not exist;
 * a handler a module defines but this table does not name is an error at startup.
 */
export const ROUTE_TABLE: readonly RouteEntry[] = [
  { method: 'GET',    url: WF,                         action: 'workflow:list',      module: 'workflows',        handler: 'list' },
  { method: 'POST',   url: WF,                         action: 'workflow:create',    module: 'workflows',        handler: 'create' },
  { method: 'POST',   url: `${WF}/lint`,               action: 'workflow:lint',      module: 'workflows',        handler: 'lint' },
  { method: 'POST',   url: `${WF}/submit`,             action: 'workflow:submit',    module: 'workflows',        handler: 'submit' },
  { method: 'GET',    url: `${WF}/:name`,              action: 'workflow:get',       module: 'workflows',        handler: 'get' },
  { method: 'DELETE', url: `${WF}/:name`,              action: 'workflow:delete',    module: 'workflows',        handler: 'delete' },
  { method: 'PUT',    url: `${WF}/:name/stop`,         action: 'workflow:stop',      module: 'workflow-actions', handler: 'stop' },
  { method: 'PUT',    url: `${WF}/:name/terminate`,    action: 'workflow:terminate', module: 'workflow-actions', handler: 'terminate' },
  { method: 'PUT',    url: `${WF}/:name/suspend`,      action: 'workflow:suspend',   module: 'workflow-actions', handler: 'suspend' },
  { method: 'PUT',    url: `${WF}/:name/resume`,       action: 'workflow:resume',    module: 'workflow-actions', handler: 'resume' },
  { method: 'PUT',    url: `${WF}/:name/retry`,        action: 'workflow:retry',     module: 'workflow-actions', handler: 'retry' },
  { method: 'GET',    url: `${WF}/:name/log`,          action: 'workflow:logs',      module: 'workflow-logs',    handler: 'log' },
  { method: 'GET',    url: `${WF}/:name/:podName/log`, action: 'workflow:logs',      module: 'workflow-logs',    handler: 'podLog' },
  { method: 'GET',    url: '/api/v1/workflow-events/:namespace', action: 'workflow:watch', module: 'events',   handler: 'watch' },

  { method: 'GET',    url: WFT,                        action: 'workflowtemplate:list',   module: 'workflow-templates', handler: 'list' },
  { method: 'POST',   url: WFT,                        action: 'workflowtemplate:create', module: 'workflow-templates', handler: 'create' },
  { method: 'POST',   url: `${WFT}/lint`,              action: 'workflowtemplate:lint',   module: 'workflow-templates', handler: 'lint' },
  { method: 'GET',    url: `${WFT}/:name`,             action: 'workflowtemplate:get',    module: 'workflow-templates', handler: 'get' },
  { method: 'PUT',    url: `${WFT}/:name`,             action: 'workflowtemplate:update', module: 'workflow-templates', handler: 'update' },
  { method: 'DELETE', url: `${WFT}/:name`,             action: 'workflowtemplate:delete', module: 'workflow-templates', handler: 'delete' },

  { method: 'GET',    url: CWFT,                       action: 'clusterworkflowtemplate:list',   module: 'cluster-workflow-templates', handler: 'list' },
  { method: 'POST',   url: CWFT,                       action: 'clusterworkflowtemplate:create', module: 'cluster-workflow-templates', handler: 'create' },
  { method: 'POST',   url: `${CWFT}/lint`,             action: 'clusterworkflowtemplate:lint',   module: 'cluster-workflow-templates', handler: 'lint' },
  { method: 'GET',    url: `${CWFT}/:name`,            action: 'clusterworkflowtemplate:get',    module: 'cluster-workflow-templates', handler: 'get' },
  { method: 'PUT',    url: `${CWFT}/:name`,            action: 'clusterworkflowtemplate:update', module: 'cluster-workflow-templates', handler: 'update' },
  { method: 'DELETE', url: `${CWFT}/:name`,            action: 'clusterworkflowtemplate:delete', module: 'cluster-workflow-templates', handler: 'delete' },

  { method: 'GET',    url: '/api/v1/info',             action: 'info:get',           module: 'info',             handler: 'info' },
  { method: 'GET',    url: '/api/v1/version',          action: 'info:get',           module: 'info',             handler: 'version' },
  { method: 'GET',    url: '/api/v1/userinfo',         action: 'userinfo:get',       module: 'info',             handler: 'userinfo' },
  { method: 'GET',    url: '/healthz',                 action: 'health:get',         module: 'health',           handler: 'live',  public: true },
  { method: 'GET',    url: '/readyz',                  action: 'health:get',         module: 'health',           handler: 'ready', public: true },
];
