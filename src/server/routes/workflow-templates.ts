import type { RouteDeps, RouteHandlers } from '../route-deps.js';
import { templateRoutes } from './template-routes.js';

/** /api/v1/workflow-templates/{namespace}: namespaced WorkflowTemplates. */
export function workflowTemplateRoutes(deps: RouteDeps): RouteHandlers {
  return templateRoutes('WorkflowTemplate', deps);
}
