import type { HttpResponse, HttpTransport } from './http-transport.js';
import type { ArgoList, ArgoObject, LogEntry, SubmitOptions, TemplateScope, UserInfo, WatchEvent, WorkflowAction } from './argo-types.js';
import { remoteError } from './remote-error.js';
import { readNdjson, readSse } from './read-stream.js';
import { CliConnectError } from '../cli-error.js';

export interface ApiClientOptions {
  server: URL;
  transport: HttpTransport;
  /** The bearer token to send (refreshed by the caller when due); undefined sends none. */
  token?: () => Promise<string | undefined>;
  /** Called once after a 401 to force a refresh; true means a new token is worth one retry. */
  refresh?: () => Promise<boolean>;
}

type Query = Record<string, string | undefined>;
const seg = encodeURIComponent;

/**
 * Typed calls for the Keyflow server's Argo-compatible API. Errors come back as CliRemoteError with the
 * server's message and status; the token goes only into the Authorization header, never into an error.
 */
export class ApiClient {
  readonly server: URL;
  readonly #transport: HttpTransport;
  readonly #token: () => Promise<string | undefined>;
  readonly #refresh: (() => Promise<boolean>) | undefined;

  constructor(opts: ApiClientOptions) {
    this.server = opts.server;
    this.#transport = opts.transport;
    this.#token = opts.token ?? (async () => undefined);
    this.#refresh = opts.refresh;
  }

  /** POST /api/v1/workflows/{ns} */
  createWorkflow(ns: string, workflow: unknown, serverDryRun = false): Promise<ArgoObject> {
    return this.#json('POST', `/api/v1/workflows/${seg(ns)}`, { workflow, ...(serverDryRun ? { serverDryRun: true } : {}) });
  }

  /** GET /api/v1/workflows/{ns} (`listOptions.labelSelector`, e.g. `workflows.argoproj.io/phase in (Running)`) */
  async listWorkflows(ns: string, opts: { labelSelector?: string } = {}): Promise<ArgoObject[]> {
    const query = opts.labelSelector ? { 'listOptions.labelSelector': opts.labelSelector } : {};
    return (await this.#json<ArgoList>('GET', `/api/v1/workflows/${seg(ns)}`, undefined, query)).items ?? [];
  }

  /** GET /api/v1/workflows/{ns}/{name} */
  getWorkflow(ns: string, name: string): Promise<ArgoObject> {
    return this.#json('GET', `/api/v1/workflows/${seg(ns)}/${seg(name)}`);
  }

  /** DELETE /api/v1/workflows/{ns}/{name} */
  async deleteWorkflow(ns: string, name: string): Promise<void> {
    await this.#json('DELETE', `/api/v1/workflows/${seg(ns)}/${seg(name)}`);
  }

  /** PUT /api/v1/workflows/{ns}/{name}/{stop|terminate|retry|resume|suspend} */
  act(ns: string, name: string, action: WorkflowAction, extra: { nodeFieldSelector?: string; message?: string } = {}): Promise<ArgoObject> {
    return this.#json('PUT', `/api/v1/workflows/${seg(ns)}/${seg(name)}/${action}`, { name, namespace: ns, ...extra });
  }

  /** POST /api/v1/workflows/{ns}/lint */
  lintWorkflow(ns: string, workflow: unknown): Promise<ArgoObject> {
    return this.#json('POST', `/api/v1/workflows/${seg(ns)}/lint`, { workflow });
  }

  /** POST /api/v1/workflows/{ns}/submit: a workflow from a stored (cluster) workflow template. */
  submitFrom(ns: string, resourceKind: string, resourceName: string, submitOptions: SubmitOptions): Promise<ArgoObject> {
    return this.#json('POST', `/api/v1/workflows/${seg(ns)}/submit`, { namespace: ns, resourceKind, resourceName, submitOptions });
  }

  /**
   * GET /api/v1/workflows/{ns}/{name}/log: resolves once the server accepted the request, then yields
   * its newline-delimited `{result: {content, podName}}` records.
   */
  async logs(ns: string, name: string, opts: { podName?: string; follow?: boolean; signal?: AbortSignal } = {}): Promise<AsyncGenerator<LogEntry>> {
    const res = await this.#open(`/api/v1/workflows/${seg(ns)}/${seg(name)}/log`, {
      podName: opts.podName, 'logOptions.container': 'main', ...(opts.follow ? { 'logOptions.follow': 'true' } : {}),
    }, 'application/x-ndjson, application/json', opts.signal);
    return this.#records<LogEntry>(readNdjson(res.stream), (r) => (typeof (r as Partial<LogEntry>).content === 'string'
      ? { content: (r as LogEntry).content, podName: (r as Partial<LogEntry>).podName ?? '' } : undefined));
  }

  /**
   * GET /api/v1/workflow-events/{ns} (server-sent events), optionally for one workflow: resolves once
   * the stream is open, so a caller can read the current state afterwards without missing a change.
   */
  async watch(ns: string, opts: { name?: string; signal?: AbortSignal } = {}): Promise<AsyncGenerator<WatchEvent>> {
    const res = await this.#open(`/api/v1/workflow-events/${seg(ns)}`, {
      'listOptions.fieldSelector': opts.name ? `metadata.name=${opts.name}` : undefined,
    }, 'text/event-stream', opts.signal);
    return this.#records<WatchEvent>(readSse(res.stream), (r) => ((r as Partial<WatchEvent>).object ? r as WatchEvent : undefined));
  }

  /** Unwraps grpc-gateway stream records: `{result}` yields, `{error}` throws the server's error. */
  async *#records<T>(records: AsyncGenerator<unknown>, pick: (result: unknown) => T | undefined): AsyncGenerator<T> {
    for await (const record of records) {
      const r = record as { result?: unknown; error?: { message?: string; code?: number; http_code?: number } };
      if (r.error) throw remoteError(r.error.http_code ?? 500, JSON.stringify(r.error), this.server.origin);
      const item = r.result === undefined ? undefined : pick(r.result);
      if (item !== undefined) yield item;
    }
  }

  /** POST workflow-templates/{ns} or cluster-workflow-templates */
  createTemplate(scope: TemplateScope, template: unknown): Promise<ArgoObject> {
    return this.#json('POST', templatePath(scope), { template });
  }

  /** GET workflow-templates/{ns} or cluster-workflow-templates */
  async listTemplates(scope: TemplateScope): Promise<ArgoObject[]> {
    return (await this.#json<ArgoList>('GET', templatePath(scope))).items ?? [];
  }

  /** GET .../{name} */
  getTemplate(scope: TemplateScope, name: string): Promise<ArgoObject> {
    return this.#json('GET', templatePath(scope, name));
  }

  /** PUT .../{name} (create-or-replace for `apply`) */
  updateTemplate(scope: TemplateScope, name: string, template: unknown): Promise<ArgoObject> {
    return this.#json('PUT', templatePath(scope, name), { name, ...(scope.cluster ? {} : { namespace: scope.namespace }), template });
  }

  /** DELETE .../{name} */
  async deleteTemplate(scope: TemplateScope, name: string): Promise<void> {
    await this.#json('DELETE', templatePath(scope, name));
  }

  /** POST .../lint */
  lintTemplate(scope: TemplateScope, template: unknown): Promise<ArgoObject> {
    return this.#json('POST', `${templatePath(scope)}/lint`, { template });
  }

  /** GET /api/v1/info */
  info(): Promise<Record<string, unknown>> {
    return this.#json('GET', '/api/v1/info');
  }

  /** GET /api/v1/userinfo: the Principal the server made of this CLI's token. */
  userinfo(): Promise<UserInfo> {
    return this.#json('GET', '/api/v1/userinfo');
  }

  async #json<T>(method: string, path: string, body?: unknown, query: Query = {}): Promise<T> {
    const res = await this.#send(method, path, query, 'application/json', body);
    const text = await res.text();
    if (text.trim() === '') return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliConnectError(`${this.server.origin} did not answer ${method} ${path} with JSON (is it a Keyflow server?)`);
    }
  }

  #open(path: string, query: Query, accept: string, signal?: AbortSignal): Promise<HttpResponse> {
    return this.#send('GET', path, query, accept, undefined, signal);
  }

  async #send(method: string, path: string, query: Query, accept: string, body?: unknown, signal?: AbortSignal): Promise<HttpResponse> {
    // Appended, not resolved: a server behind a path prefix (https://host/keyflow) keeps its prefix.
    const url = new URL(`${this.server.href.replace(/\/+$/, '')}${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    for (let attempt = 0; ; attempt++) {
      const token = await this.#token();
      const res = await this.#transport.send({
        method, url, ...(signal ? { signal } : {}),
        headers: {
          accept, 'user-agent': 'keyflow-cli',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      if (res.status < 400) return res;
      const text = await res.text();
      if (res.status === 401 && attempt === 0 && token && this.#refresh && (await this.#refresh())) continue;
      throw remoteError(res.status, text, this.server.origin);
    }
  }
}

function templatePath(scope: TemplateScope, name?: string): string {
  const base = scope.cluster ? '/api/v1/cluster-workflow-templates' : `/api/v1/workflow-templates/${seg(scope.namespace)}`;
  return name === undefined ? base : `${base}/${seg(name)}`;
}
