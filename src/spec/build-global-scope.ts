import type { LintContext } from './lint-context.js';
import { isObj, isTemplated, objAt, objEntries, strAt, type Obj } from './read-values.js';
import { childScope, type ReferenceScope } from './reference-scope.js';

const WORKFLOW_VARIABLES = [
  'name', 'namespace', 'mainEntrypoint', 'serviceAccountName', 'uid', 'parameters', 'parameters.json',
  'annotations', 'annotations.json', 'labels', 'labels.json', 'priority', 'status', 'failures',
];
/** Argo resolves these only at run time and accepts any suffix. */
const WORKFLOW_OPEN = ['workflow.creationTimestamp', 'workflow.scheduledTime', 'workflow.duration', 'tasks.name', 'steps.name', 'node.name', 'outputs.'];

/**
 * Variables every template of the document sees: workflow.* (with the spec's parameters, labels and
 * annotations) and the global outputs exported through globalName.
 */
export function buildGlobalScope(ctx: LintContext): ReferenceScope {
  const scope = childScope(undefined, { items: 'none', owner: 'the workflow' });
  for (const v of WORKFLOW_VARIABLES) scope.tags.add(`workflow.${v}`);
  scope.open.push(...WORKFLOW_OPEN);
  const specs: Obj[] = ctx.site ? [ctx.site.spec] : [];
  if (ctx.workflowRef?.status === 'found') specs.push(ctx.workflowRef.entry.spec);
  for (const spec of specs) {
    for (const [param] of objEntries(objAt(spec['arguments'])?.['parameters'])) {
      const name = strAt(param['name']);
      if (name !== undefined) scope.tags.add(`workflow.parameters.${name}`);
    }
    addMetadataKeys(scope, objAt(spec['workflowMetadata']));
  }
  addMetadataKeys(scope, objAt(ctx.manifest['metadata']));
  const kind = ctx.site?.kind;
  // A WorkflowTemplate is validated alone: its callers may pass any workflow parameter (Argo does the same).
  const openParams = kind === 'WorkflowTemplate' || kind === 'ClusterWorkflowTemplate' || (ctx.workflowRef !== undefined && ctx.workflowRef.status !== 'found');
  if (openParams) scope.open.push('workflow.parameters.');
  addGlobalOutputs(ctx, scope);
  return scope;
}

function addMetadataKeys(scope: ReferenceScope, metadata: Obj | undefined): void {
  for (const field of ['labels', 'annotations', 'labelsFrom'] as const) {
    const map = metadata?.[field];
    if (!isObj(map)) continue;
    const root = field === 'annotations' ? 'annotations' : 'labels';
    for (const key of Object.keys(map)) scope.tags.add(`workflow.${root}.${key}`);
  }
}

function addGlobalOutputs(ctx: LintContext, scope: ReferenceScope): void {
  for (const site of ctx.templates) {
    const outputs = objAt(site.template['outputs']);
    for (const what of ['parameters', 'artifacts'] as const) {
      for (const [item] of objEntries(outputs?.[what])) {
        const global = strAt(item['globalName']);
        if (global === undefined) continue;
        if (isTemplated(global)) scope.open.push(`workflow.outputs.${what}.`);
        else scope.tags.add(`workflow.outputs.${what}.${global}`);
      }
    }
  }
}
