import { ControllerError, fromStored } from '../../controller/index.js';
import type { Workflow } from '../../spec/index.js';
import type { StoredRun } from '../../store/index.js';
import { apiWorkflow, apiWorkflowSummary, isDerivedLabel, selectableLabels, PHASE_LABEL, COMPLETED_LABEL } from '../api-objects.js';
import { buildSubmission, type ArgoSubmitOptions, type SubmittableKind } from '../build-submission.js';
import { checkManifest } from '../check-manifest.js';
import { SummaryCache } from '../summary-cache.js';
import { ServerError } from '../errors.js';
import { matchesFields, parseFieldSelector } from '../field-selector.js';
import { labelEqualities, matchesLabels, parseLabelSelector, type Requirement } from '../label-selector.js';
import { applyFields, maskKeeps, parseFields } from '../list-fields.js';
import { checkBodyMatchesPath, manifestFromBody } from '../request-manifest.js';
import type { RouteDeps, RouteHandler, RouteHandlers } from '../route-deps.js';
import { CREATE_OPTIONS, LIST_QUERY, MANIFEST, NAME, NAME_PARAMS, NS_PARAMS } from '../schemas.js';

interface NsParams { namespace: string }
interface NameParams { namespace: string; name: string }
interface ListQuery { 'listOptions.labelSelector'?: string; 'listOptions.fieldSelector'?: string; 'listOptions.limit'?: number; fields?: string }
interface CreateBody { namespace?: string; workflow: Record<string, unknown>; serverDryRun?: boolean; createOptions?: { dryRun?: string[] } }
interface SubmitBody { namespace?: string; resourceKind: string; resourceName: string; submitOptions?: ArgoSubmitOptions }

const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error'];
const KINDS: Record<string, SubmittableKind> = {
  workflowtemplate: 'WorkflowTemplate', workflowtemplates: 'WorkflowTemplate', wftmpl: 'WorkflowTemplate',
  clusterworkflowtemplate: 'ClusterWorkflowTemplate', clusterworkflowtemplates: 'ClusterWorkflowTemplate', cwftmpl: 'ClusterWorkflowTemplate',
  cronworkflow: 'CronWorkflow', cronworkflows: 'CronWorkflow', cwf: 'CronWorkflow',
};

const CREATE_BODY = {
  type: 'object', required: ['workflow'], additionalProperties: false,
  properties: { namespace: { type: 'string' }, workflow: MANIFEST, serverDryRun: { type: 'boolean' }, instanceID: { type: 'string' }, createOptions: CREATE_OPTIONS },
} as const;
const LINT_BODY = {
  type: 'object', required: ['workflow'], additionalProperties: false, properties: { namespace: { type: 'string' }, workflow: MANIFEST },
} as const;
const SUBMIT_BODY = {
  type: 'object', required: ['resourceKind', 'resourceName'], additionalProperties: false,
  properties: {
    namespace: { type: 'string' }, resourceKind: { type: 'string', maxLength: 64 }, resourceName: NAME,
    submitOptions: {
      type: 'object', additionalProperties: false,
      properties: {
        name: NAME, generateName: { type: 'string', maxLength: 248 }, entryPoint: { type: 'string', maxLength: 253 },
        parameters: { type: 'array', maxItems: 1000, items: { type: 'string', maxLength: 262144 } },
        labels: { anyOf: [{ type: 'string', maxLength: 16384 }, { type: 'object', additionalProperties: { type: 'string' } }] },
        annotations: { type: 'string', maxLength: 262144 }, serviceAccount: NAME, dryRun: { type: 'boolean' }, serverDryRun: { type: 'boolean' },
        ownerReference: { type: 'object' }, podPriorityClassName: { type: 'string' }, priority: { type: 'integer' },
      },
    },
  },
} as const;
const GET_QUERY = { type: 'object', properties: { fields: { type: 'string', maxLength: 4096 }, 'getOptions.resourceVersion': { type: 'string' } } } as const;

/** Phases implied by Argo's derived labels, so the store filters them instead of this process. */
function phasesOf(requirements: readonly Requirement[]): string[] | undefined {
  let phases: string[] | undefined;
  const narrow = (allowed: string[]) => { phases = (phases ?? PHASES).filter((p) => allowed.includes(p)); };
  for (const r of requirements) {
    if (r.key === PHASE_LABEL && r.op === 'eq') narrow([r.value]);
    if (r.key === PHASE_LABEL && r.op === 'in') narrow(r.values);
    const done = r.key === COMPLETED_LABEL && ((r.op === 'eq' && r.value === 'true') || (r.op === 'ne' && r.value === 'false'));
    const open = r.key === COMPLETED_LABEL && ((r.op === 'eq' && r.value === 'false') || (r.op === 'ne' && r.value === 'true'));
    if (done) narrow(['Succeeded', 'Failed', 'Error']);
    if (open) narrow(['Pending', 'Running']);
  }
  return phases;
}

async function loadRun(deps: RouteDeps, namespace: string, name: string): Promise<StoredRun> {
  const run = await deps.store.getRun(namespace, name);
  if (!run) throw new ControllerError('ERR_CONTROLLER_NOT_FOUND', `workflow '${name}' not found in namespace '${namespace}'`);
  return run;
}

function listWorkflows(deps: RouteDeps): RouteHandler {
  const summaries = new SummaryCache();
  return {
    schema: { params: NS_PARAMS, querystring: LIST_QUERY },
    async handler(request, reply) {
      const { namespace } = request.params as NsParams;
      const q = request.query as ListQuery;
      const labels = parseLabelSelector(q['listOptions.labelSelector']);
      const byName = parseFieldSelector(q['listOptions.fieldSelector'], namespace);
      const mask = parseFields(q.fields);
      const phases = phasesOf(labels);
      const runs = (await deps.store.listRuns({ namespace, labels: labelEqualities(labels, isDerivedLabel), ...(phases ? { phases } : {}) }))
        .filter((r) => matchesLabels(selectableLabels(r), labels) && matchesFields(r.name, byName))
        .slice(0, q['listOptions.limit'] || undefined);
      // The common case, Argo's default list: items without node maps, served from their cached JSON.
      if (!mask) return reply.type('application/json; charset=utf-8').send(`{"metadata":{},"items":[${runs.map((r) => summaries.json(r)).join(',')}]}`);
      // Node rows are loaded only when the client asks for them (Argo's list leaves them out for size).
      const items = maskKeeps(mask, ['items', 'status', 'nodes'])
        ? await Promise.all(runs.map(async (r) => apiWorkflow(fromStored(r, await deps.store.listNodes(r.uid)).state, r.resourceVersion)))
        : runs.map(apiWorkflowSummary);
      return applyFields({ metadata: {}, items }, mask);
    },
  };
}

function createWorkflow(deps: RouteDeps): RouteHandler {
  return {
    schema: { params: NS_PARAMS, body: CREATE_BODY },
    async handler(request) {
      const { namespace } = request.params as NsParams;
      const body = request.body as CreateBody;
      checkBodyMatchesPath(body, { namespace });
      const manifest = manifestFromBody(body.workflow, { kind: 'Workflow', namespace, member: 'workflow' });
      await checkManifest(deps.store, manifest, { namespace, member: 'workflow', rawBody: request.rawBody, what: 'workflow' });
      if (body.serverDryRun || body.createOptions?.dryRun?.includes('All')) return manifest;
      return apiWorkflow(await deps.controller.submit(manifest as unknown as Workflow, { namespace }), undefined);
    },
  };
}

function getWorkflow(deps: RouteDeps): RouteHandler {
  return {
    schema: { params: NAME_PARAMS, querystring: GET_QUERY },
    async handler(request) {
      const { namespace, name } = request.params as NameParams;
      const run = await loadRun(deps, namespace, name);
      const wf = apiWorkflow(fromStored(run, await deps.store.listNodes(run.uid)).state, run.resourceVersion);
      return applyFields(wf, parseFields((request.query as { fields?: string }).fields));
    },
  };
}

function deleteWorkflow(deps: RouteDeps): RouteHandler {
  return {
    schema: { params: NAME_PARAMS, querystring: { type: 'object' } },
    async handler(request) {
      const { namespace, name } = request.params as NameParams;
      const state = await deps.controller.get(namespace, name);
      await deps.controller.delete(namespace, name);
      deps.events.publishDeleted(state);
      return {};
    },
  };
}

function lintWorkflow(deps: RouteDeps): RouteHandler {
  return {
    schema: { params: NS_PARAMS, body: LINT_BODY },
    async handler(request) {
      const { namespace } = request.params as NsParams;
      const body = request.body as { namespace?: string; workflow: Record<string, unknown> };
      checkBodyMatchesPath(body, { namespace });
      const manifest = manifestFromBody(body.workflow, { kind: 'Workflow', namespace, member: 'workflow' });
      await checkManifest(deps.store, manifest, { namespace, member: 'workflow', rawBody: request.rawBody, what: 'workflow' });
      return manifest;
    },
  };
}

function submitWorkflow(deps: RouteDeps): RouteHandler {
  return {
    schema: { params: NS_PARAMS, body: SUBMIT_BODY },
    async handler(request) {
      const { namespace } = request.params as NsParams;
      const body = request.body as SubmitBody;
      checkBodyMatchesPath(body, { namespace });
      const kind = KINDS[body.resourceKind.toLowerCase()];
      if (!kind) throw new ServerError('ERR_SERVER_BAD_REQUEST', `resourceKind '${body.resourceKind}' cannot be submitted: use WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow`);
      const resource = await deps.store.getResource(kind, kind === 'ClusterWorkflowTemplate' ? '' : namespace, body.resourceName);
      if (!resource) {
        const where = kind === 'ClusterWorkflowTemplate' ? '' : ` in namespace '${namespace}'`;
        throw new ServerError('ERR_SERVER_NOT_FOUND', `${kind} '${body.resourceName}' not found${where}`);
      }
      const { workflow, submit } = buildSubmission(kind, resource, namespace, body.submitOptions);
      if (body.submitOptions?.dryRun || body.submitOptions?.serverDryRun) return workflow;
      return apiWorkflow(await deps.controller.submit(workflow, submit), undefined);
    },
  };
}

/** Workflows: list, create (validated first), get, delete, lint, and submit from a stored template. */
export function workflowRoutes(deps: RouteDeps): RouteHandlers {
  return {
    list: listWorkflows(deps), create: createWorkflow(deps), get: getWorkflow(deps),
    delete: deleteWorkflow(deps), lint: lintWorkflow(deps), submit: submitWorkflow(deps),
  };
}
