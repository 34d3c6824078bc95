import type { EngineEvent } from '../engine/index.js';
import type { Store } from '../store/index.js';
import { fromStored } from '../controller/index.js';
import { CliError } from './cli-error.js';
import { openEmbedded, openEmbeddedStore, type Embedded, type EngineFlags } from './embedded.js';
import { applyToStore, STORABLE_KINDS } from './apply-manifests.js';
import { readEmbeddedLogs } from './embedded-logs.js';
import { createStoredTemplate, deleteStoredTemplate, getStoredTemplate, listStoredTemplates } from './embedded-templates.js';
import { isUnfinished, type ApplyOutcome, type Backend, type FollowOptions, type Manifest, type RunAction, type RunState, type SubmitFromRequest, type SubmitRequest, type TemplateScope, type WorkflowRow, type Workflow } from './backend.js';

const OUTSIDE_POLL_MS = 500;

function toEvent(action: RunAction): EngineEvent {
  switch (action.type) {
    case 'resume': return { type: 'resume', ...(action.node ? { nodeName: action.node } : {}) };
    case 'suspend': return { type: 'suspend' };
    case 'stop': return { type: 'stop', strategy: 'Stop', ...(action.message ? { message: action.message } : {}) };
    case 'terminate': return { type: 'stop', strategy: 'Terminate' };
  }
}

/**
 * The engine in this process, over the local store. Read-only verbs open the store alone; verbs that
 * change or drive runs open the engine (which checks the sandbox), and only verbs that wait for runs
 * start the controller, which then also adopts runs whose previous driver died.
 */
export class EmbeddedBackend implements Backend {
  readonly mode = 'embedded';
  readonly #flags: EngineFlags;
  readonly #warn: (text: string) => void;
  #engine: Embedded | undefined;
  #store: Store | undefined;

  constructor(flags: EngineFlags, warn: (text: string) => void) {
    this.#flags = flags;
    this.#warn = warn;
  }

  async #open(start: boolean): Promise<Embedded> {
    this.#engine ??= await openEmbedded(this.#flags, { start, warn: this.#warn });
    return this.#engine;
  }

  async #openStore(): Promise<Store> {
    if (this.#engine) return this.#engine.store;
    this.#store ??= (await openEmbeddedStore(this.#flags)).store;
    return this.#store;
  }

  async submit(req: SubmitRequest): Promise<RunState[]> {
    const engine = await this.#open(true);
    await applyToStore(engine.store, req.templates, req.namespace);
    const submitted: RunState[] = [];
    for (const wf of req.workflows) {
      submitted.push(await engine.controller.submit(wf, { namespace: req.namespace, parameters: req.parameters, entrypoint: req.entrypoint }));
    }
    return submitted;
  }

  async submitFrom(req: SubmitFromRequest): Promise<RunState> {
    const engine = await this.#open(true);
    const workflow: Workflow = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow',
      metadata: { generateName: `${req.name}-`, namespace: req.namespace },
      spec: { workflowTemplateRef: { name: req.name, ...(req.kind === 'ClusterWorkflowTemplate' ? { clusterScope: true } : {}) } } as Workflow['spec'],
    };
    return engine.controller.submit(workflow, { namespace: req.namespace, parameters: req.parameters, entrypoint: req.entrypoint });
  }

  async follow(runs: RunState[], opts: FollowOptions): Promise<RunState[]> {
    const engine = await this.#open(true);
    const uids = new Set(runs.map((s) => s.uid));
    engine.controller.on('update', (state: RunState, patch) => { if (uids.has(state.uid)) opts.onUpdate(state, patch); });
    const onSigint = (): void => {
      for (const s of runs) void engine.controller.act(s.namespace, s.name, { type: 'stop', strategy: 'Terminate', message: 'interrupted' }).catch(() => undefined);
    };
    if (opts.terminateOnInterrupt) process.once('SIGINT', onSigint);
    try {
      return await Promise.all(runs.map(async (s) => {
        let final = await engine.controller.waitFor(s.uid);
        while (isUnfinished(final)) {
          // Driven by another live process: follow it through the store.
          await new Promise((r) => setTimeout(r, OUTSIDE_POLL_MS));
          final = await engine.controller.get(final.namespace, final.name);
        }
        return final;
      }));
    } finally {
      process.off('SIGINT', onSigint);
    }
  }

  async list(query: { namespace?: string; phases?: string[] }): Promise<WorkflowRow[]> {
    const store = await this.#openStore();
    const runs = await store.listRuns({ ...(query.namespace !== undefined ? { namespace: query.namespace } : {}), ...(query.phases ? { phases: query.phases } : {}) });
    return runs.map((r) => ({ namespace: r.namespace, name: r.name, uid: r.uid, phase: r.phase, createdAt: r.createdAt, startedAt: r.startedAt, finishedAt: r.finishedAt }));
  }

  async get(namespace: string, name: string): Promise<RunState> {
    const store = await this.#openStore();
    const run = await store.getRun(namespace, name);
    if (!run) throw new CliError(`workflow '${name}' not found in namespace '${namespace}'`);
    return fromStored(run, await store.listNodes(run.uid)).state;
  }

  async logs(namespace: string, name: string, opts: { task?: string; follow?: boolean }, onLine: (task: string, line: string) => void): Promise<void> {
    await readEmbeddedLogs(await this.#open(false), namespace, name, opts, onLine);
  }

  async act(namespace: string, name: string, action: RunAction): Promise<void> {
    await (await this.#open(false)).controller.act(namespace, name, toEvent(action));
  }

  async retry(namespace: string, name: string): Promise<RunState> {
    return (await this.#open(true)).controller.retry(namespace, name);
  }

  async delete(namespace: string, name: string): Promise<void> {
    await (await this.#open(false)).controller.delete(namespace, name);
  }

  async apply(manifests: { manifest: Manifest; file: string }[], namespace: string): Promise<ApplyOutcome[]> {
    const store = await this.#openStore();
    const skipped: ApplyOutcome[] = manifests.filter((m) => !STORABLE_KINDS.has(m.manifest.kind))
      .map((m) => ({ status: 'skipped', file: m.file, what: m.manifest.kind, reason: "use 'keyflow run' for workflows" }));
    const applied = await applyToStore(store, manifests.map((m) => m.manifest), namespace);
    return [...skipped, ...applied.map((what): ApplyOutcome => ({ status: 'applied', file: '', what }))];
  }

  async listTemplates(scope: TemplateScope): Promise<Manifest[]> {
    return listStoredTemplates(await this.#openStore(), scope);
  }

  async getTemplate(scope: TemplateScope, name: string): Promise<Manifest> {
    return getStoredTemplate(await this.#openStore(), scope, name);
  }

  async createTemplate(scope: TemplateScope, manifest: Manifest): Promise<void> {
    await createStoredTemplate(await this.#openStore(), scope, manifest);
  }

  async deleteTemplate(scope: TemplateScope, name: string): Promise<void> {
    await deleteStoredTemplate(await this.#openStore(), scope, name);
  }

  async close(): Promise<void> {
    await this.#engine?.close();
    await this.#store?.close();
  }
}
