import type { ApiClient, ArgoObject } from './remote/index.js';
import { CliError, CliRemoteError } from './cli-error.js';
import { fromArgoWorkflow } from './from-argo.js';
import { followRemote } from './follow-remote.js';
import { readRemoteLogs } from './remote-logs.js';
import { describeTemplate, type ApplyOutcome, type Backend, type FollowOptions, type Manifest, type RunAction, type RunState, type SubmitFromRequest, type SubmitRequest, type TemplateScope, type WorkflowRow, type Workflow } from './backend.js';

const TEMPLATE_KINDS = new Set(['WorkflowTemplate', 'ClusterWorkflowTemplate']);

/** Argo's `submit -p`/`--entrypoint`: overrides written into the workflow before it is sent. */
export function withOverrides(wf: Workflow, namespace: string, parameters: Record<string, string>, entrypoint: string | undefined): Workflow {
  const copy = structuredClone(wf);
  copy.metadata = { ...copy.metadata, namespace };
  if (entrypoint) copy.spec.entrypoint = entrypoint;
  const names = Object.keys(parameters);
  if (names.length > 0) {
    const args = (copy.spec.arguments ??= {});
    const params = (args.parameters ??= []);
    for (const name of names) {
      const existing = params.find((p) => p.name === name);
      if (existing) existing.value = parameters[name];
      else params.push({ name, value: parameters[name] });
    }
  }
  return copy;
}

/** Maps the server's 404 to the same usage error the embedded verb gives. */
async function notFoundAs<T>(message: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof CliRemoteError && err.httpStatus === 404) throw new CliError(message);
    throw err;
  }
}

/** The verbs over a `keyflow server`'s Argo-compatible API. */
export class RemoteBackend implements Backend {
  readonly mode = 'remote';
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async submit(req: SubmitRequest): Promise<RunState[]> {
    for (const outcome of await this.apply(req.templates.map((manifest) => ({ manifest, file: '' })), req.namespace)) {
      if (outcome.status === 'failed') throw new CliError(`${outcome.what}: ${outcome.reason}`);
    }
    const states: RunState[] = [];
    for (const wf of req.workflows) {
      const created = await this.#api.createWorkflow(req.namespace, withOverrides(wf, req.namespace, req.parameters, req.entrypoint));
      states.push(fromArgoWorkflow(created, req.namespace));
    }
    return states;
  }

  async submitFrom(req: SubmitFromRequest): Promise<RunState> {
    const parameters = Object.entries(req.parameters).map(([k, v]) => `${k}=${v}`);
    const created = await this.#api.submitFrom(req.namespace, req.kind, req.name, { ...(parameters.length ? { parameters } : {}), ...(req.entrypoint ? { entryPoint: req.entrypoint } : {}) });
    return fromArgoWorkflow(created, req.namespace);
  }

  follow(runs: RunState[], opts: FollowOptions): Promise<RunState[]> {
    return Promise.all(runs.map((run) => followRemote(this.#api, run, opts.onUpdate)));
  }

  async list(query: { namespace?: string; phases?: string[] }): Promise<WorkflowRow[]> {
    const labelSelector = query.phases ? `workflows.argoproj.io/phase in (${query.phases.join(',')})` : undefined;
    const items = await this.#listAcross(query.namespace, labelSelector);
    const rows = items.map((w): WorkflowRow => ({
      namespace: w.metadata.namespace ?? query.namespace ?? '', name: w.metadata.name ?? '', uid: w.metadata.uid ?? '',
      phase: w.status?.phase || 'Pending', createdAt: w.metadata.creationTimestamp ?? '',
      startedAt: w.status?.startedAt ?? null, finishedAt: w.status?.finishedAt ?? null,
    }));
    const wanted = query.phases ? rows.filter((r) => query.phases?.includes(r.phase)) : rows;
    return wanted.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Argo lists every namespace at the collection path with an empty namespace segment. */
  async #listAcross(namespace: string | undefined, labelSelector: string | undefined): Promise<ArgoObject[]> {
    try {
      return await this.#api.listWorkflows(namespace ?? '', labelSelector ? { labelSelector } : {});
    } catch (err) {
      if (namespace === undefined && err instanceof CliRemoteError && (err.httpStatus === 404 || err.httpStatus === 400)) {
        throw new CliError('this server does not list workflows across namespaces (--all-namespaces); list one namespace with -n');
      }
      throw err;
    }
  }

  async get(namespace: string, name: string): Promise<RunState> {
    const obj = await notFoundAs(`workflow '${name}' not found in namespace '${namespace}'`, () => this.#api.getWorkflow(namespace, name));
    return fromArgoWorkflow(obj, namespace);
  }

  logs(namespace: string, name: string, opts: { task?: string; follow?: boolean }, onLine: (task: string, line: string) => void): Promise<void> {
    return readRemoteLogs(this.#api, namespace, name, opts, onLine);
  }

  async act(namespace: string, name: string, action: RunAction): Promise<void> {
    if (action.type === 'resume') await this.#api.act(namespace, name, 'resume', action.node ? { nodeFieldSelector: `displayName=${action.node}` } : {});
    else if (action.type === 'stop') await this.#api.act(namespace, name, 'stop', action.message ? { message: action.message } : {});
    else await this.#api.act(namespace, name, action.type);
  }

  async retry(namespace: string, name: string): Promise<RunState> {
    return fromArgoWorkflow(await this.#api.act(namespace, name, 'retry'), namespace);
  }

  async delete(namespace: string, name: string): Promise<void> {
    await this.#api.deleteWorkflow(namespace, name);
  }

  async apply(manifests: { manifest: Manifest; file: string }[], namespace: string): Promise<ApplyOutcome[]> {
    const out: ApplyOutcome[] = [];
    for (const { manifest, file } of manifests) {
      const what = `${manifest.kind.toLowerCase()}/${manifest.metadata.name ?? ''}`;
      if (manifest.kind === 'Workflow') {
        out.push({ status: 'skipped', file, what: manifest.kind, reason: "use 'keyflow submit' for workflows" });
      } else if (!TEMPLATE_KINDS.has(manifest.kind)) {
        out.push({ status: 'failed', file, what, reason: `${manifest.kind} is not supported by this server yet` });
      } else if (!manifest.metadata.name) {
        out.push({ status: 'failed', file, what, reason: `${manifest.kind} needs metadata.name to be applied (generateName is only for workflows)` });
      } else {
        const scope = { cluster: manifest.kind === 'ClusterWorkflowTemplate', namespace: manifest.metadata.namespace ?? namespace };
        await this.#upsert(scope, manifest.metadata.name, manifest);
        out.push({ status: 'applied', file, what });
      }
    }
    return out;
  }

  /** Create, or replace at the version just read (the server refuses a stale resourceVersion). */
  async #upsert(scope: TemplateScope, name: string, manifest: Manifest): Promise<void> {
    const body = { ...manifest, metadata: { ...manifest.metadata, ...(scope.cluster ? {} : { namespace: scope.namespace }) } };
    try {
      await this.#api.createTemplate(scope, body);
    } catch (err) {
      if (!(err instanceof CliRemoteError) || err.httpStatus !== 409) throw err;
      const existing = await this.#api.getTemplate(scope, name);
      const resourceVersion = existing.metadata.resourceVersion;
      await this.#api.updateTemplate(scope, name, { ...body, metadata: { ...body.metadata, ...(resourceVersion ? { resourceVersion } : {}) } });
    }
  }

  async listTemplates(scope: TemplateScope): Promise<Manifest[]> {
    return (await this.#api.listTemplates(scope)).map(asManifest);
  }

  async getTemplate(scope: TemplateScope, name: string): Promise<Manifest> {
    return asManifest(await notFoundAs(`${describeTemplate(scope, name)} not found`, () => this.#api.getTemplate(scope, name)));
  }

  async createTemplate(scope: TemplateScope, manifest: Manifest): Promise<void> {
    await this.#api.createTemplate(scope, { ...manifest, metadata: { ...manifest.metadata, ...(scope.cluster ? {} : { namespace: scope.namespace }) } });
  }

  async deleteTemplate(scope: TemplateScope, name: string): Promise<void> {
    await notFoundAs(`${describeTemplate(scope, name)} not found`, () => this.#api.deleteTemplate(scope, name));
  }

  async close(): Promise<void> {
    // Nothing held open: each call's connection closes with its response.
  }
}

function asManifest(obj: ArgoObject): Manifest {
  return obj as unknown as Manifest;
}
