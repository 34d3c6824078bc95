import type { FastifyRequest } from 'fastify';
import { apiTemplate } from '../api-objects.js';
import { checkManifest, type TemplateKind } from '../check-manifest.js';
import { ServerError } from '../errors.js';
import { matchesLabels, parseLabelSelector } from '../label-selector.js';
import { applyFields, parseFields } from '../list-fields.js';
import { checkBodyMatchesPath, manifestFromBody, requireName } from '../request-manifest.js';
import type { RouteDeps, RouteHandler, RouteHandlers } from '../route-deps.js';
import { CLUSTER_NAME_PARAMS, CREATE_OPTIONS, LIST_QUERY, MANIFEST, NAME_PARAMS, NS_PARAMS } from '../schemas.js';

interface TemplateBody { namespace?: string; name?: string; template: Record<string, unknown>; createOptions?: { dryRun?: string[] } }

const templateBody = (withName: boolean) => ({
  type: 'object', required: ['template'], additionalProperties: false,
  properties: { namespace: { type: 'string' }, ...(withName ? { name: { type: 'string' } } : {}), template: MANIFEST, createOptions: CREATE_OPTIONS },
});
const LINT_BODY = { type: 'object', required: ['template'], additionalProperties: false, properties: { namespace: { type: 'string' }, template: MANIFEST } } as const;

/** What every handler of one template kind shares: where the kind lives and how bodies are checked. */
class TemplateKindRoutes {
  readonly kind: TemplateKind;
  readonly cluster: boolean;
  readonly deps: RouteDeps;

  constructor(kind: TemplateKind, deps: RouteDeps) {
    this.kind = kind;
    this.cluster = kind === 'ClusterWorkflowTemplate';
    this.deps = deps;
  }

  /** Schema of the path parameters of collection routes (none for cluster-wide templates). */
  collectionParams(): { params?: typeof NS_PARAMS } {
    return this.cluster ? {} : { params: NS_PARAMS };
  }

  itemParams(): typeof NAME_PARAMS | typeof CLUSTER_NAME_PARAMS {
    return this.cluster ? CLUSTER_NAME_PARAMS : NAME_PARAMS;
  }

  scope(request: FastifyRequest): { namespace: string; name: string } {
    const p = request.params as { namespace?: string; name?: string };
    return { namespace: this.cluster ? '' : p.namespace ?? '', name: p.name ?? '' };
  }

  notFound(namespace: string, name: string): ServerError {
    return new ServerError('ERR_SERVER_NOT_FOUND', `${this.kind} '${name}' not found${this.cluster ? '' : ` in namespace '${namespace}'`}`);
  }

  /** The body's template made consistent with the path and validated by the spec domain. */
  async validated(request: FastifyRequest, body: TemplateBody, namespace: string): Promise<Record<string, unknown>> {
    checkBodyMatchesPath(body, this.cluster ? {} : { namespace });
    const manifest = manifestFromBody(body.template, { kind: this.kind, namespace: this.cluster ? undefined : namespace, member: 'template' });
    await checkManifest(this.deps.store, manifest, { namespace, member: 'template', rawBody: request.rawBody, what: this.kind });
    return manifest;
  }
}

function listTemplates(t: TemplateKindRoutes): RouteHandler {
  return {
    schema: { ...t.collectionParams(), querystring: LIST_QUERY },
    async handler(request) {
      const { namespace } = t.scope(request);
      const q = request.query as { 'listOptions.labelSelector'?: string; fields?: string };
      const labels = parseLabelSelector(q['listOptions.labelSelector']);
      const items = (await t.deps.store.listResources({ kind: t.kind, namespace }))
        .filter((r) => matchesLabels((r.manifest.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {}, labels))
        .map(apiTemplate);
      return applyFields({ metadata: {}, items }, parseFields(q.fields));
    },
  };
}

function createTemplate(t: TemplateKindRoutes): RouteHandler {
  return {
    schema: { ...t.collectionParams(), body: templateBody(false) },
    async handler(request) {
      const { namespace } = t.scope(request);
      const body = request.body as TemplateBody;
      const manifest = await t.validated(request, body, namespace);
      const name = requireName(manifest, 'template');
      if (body.createOptions?.dryRun?.includes('All')) return manifest;
      return apiTemplate(await t.deps.store.putResource({ kind: t.kind, namespace, name, manifest, expectedVersion: 0 }));
    },
  };
}

function getTemplate(t: TemplateKindRoutes): RouteHandler {
  return {
    schema: { params: t.itemParams() },
    async handler(request) {
      const { namespace, name } = t.scope(request);
      const resource = await t.deps.store.getResource(t.kind, namespace, name);
      if (!resource) throw t.notFound(namespace, name);
      return apiTemplate(resource);
    },
  };
}

function versionOf(template: Record<string, unknown>): number | undefined {
  const given = (template.metadata as { resourceVersion?: unknown } | undefined)?.resourceVersion;
  if (given === undefined || given === '') return undefined;
  const version = Number(given);
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new ServerError('ERR_SERVER_BAD_REQUEST', `template.metadata.resourceVersion ${JSON.stringify(given)} is not a resource version this server issued`);
  }
  return version;
}

function updateTemplate(t: TemplateKindRoutes): RouteHandler {
  return {
    schema: { params: t.itemParams(), body: templateBody(true) },
    async handler(request) {
      const { namespace, name } = t.scope(request);
      const body = request.body as TemplateBody;
      checkBodyMatchesPath(body, { name });
      const expectedVersion = versionOf(body.template);
      const manifest = await t.validated(request, body, namespace);
      const given = requireName(manifest, 'template');
      if (given !== name) throw new ServerError('ERR_SERVER_BAD_REQUEST', `template.metadata.name '${given}' does not match the name '${name}' of the request path`);
      const current = await t.deps.store.getResource(t.kind, namespace, name);
      if (!current) throw t.notFound(namespace, name);
      // Without a resourceVersion the update is unconditional (Kubernetes' rule), but never recreates a
      // template deleted meanwhile: it applies to the version just read.
      return apiTemplate(await t.deps.store.putResource({ kind: t.kind, namespace, name, manifest, expectedVersion: expectedVersion ?? current.resourceVersion }));
    },
  };
}

function deleteTemplate(t: TemplateKindRoutes): RouteHandler {
  return {
    schema: { params: t.itemParams(), querystring: { type: 'object' } },
    async handler(request) {
      const { namespace, name } = t.scope(request);
      if (!(await t.deps.store.deleteResource(t.kind, namespace, name))) throw t.notFound(namespace, name);
      return {};
    },
  };
}

function lintTemplate(t: TemplateKindRoutes): RouteHandler {
  return {
    schema: { ...t.collectionParams(), body: LINT_BODY },
    async handler(request) {
      return t.validated(request, request.body as TemplateBody, t.scope(request).namespace);
    },
  };
}

/**
 * CRUD and lint of WorkflowTemplates (namespaced) or ClusterWorkflowTemplates (cluster-wide), stored as
 * store resources. Writes are validated by the spec domain first; updates use the manifest's
 * metadata.resourceVersion for optimistic concurrency (409 when the template changed since it was read).
 */
export function templateRoutes(kind: TemplateKind, deps: RouteDeps): RouteHandlers {
  const t = new TemplateKindRoutes(kind, deps);
  return {
    list: listTemplates(t), create: createTemplate(t), get: getTemplate(t),
    update: updateTemplate(t), delete: deleteTemplate(t), lint: lintTemplate(t),
  };
}
