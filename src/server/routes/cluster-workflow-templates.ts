import type { RouteDeps, RouteHandlers } from '../route-deps.js';
import { templateRoutes } from './template-routes.js';

/** /api/v1/cluster-workflow-templates: cluster-wide ClusterWorkflowTemplates. */
export function clusterWorkflowTemplateRoutes(deps: RouteDeps): RouteHandlers {
  return templateRoutes('ClusterWorkflowTemplate', deps);
}
