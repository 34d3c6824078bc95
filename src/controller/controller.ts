import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { createRun, retryRun, step, applyPatchInPlace, type EngineEvent, type RunPatch, type RunState, type TaskSpec } from '../engine/index.js';
import type { Workflow } from '../spec/index.js';
import type { Executor, TaskOutcome } from '../executors/index.js';
import type { Store } from '../store/index.js';
import { isKeyflowError } from '../errors/index.js';
import { ActiveRun, type RunHost } from './active-run.js';
import { buildLaunch } from './build-launch.js';
import { ControllerError } from './errors.js';
import { fromStored, toStoredRun, toTransition } from './run-codec.js';
import { recoverRuns } from './recover-runs.js';
import { loadStoredTemplates, uniqueName } from './submit-support.js';
import { resolveTaskEnv } from './task-env.js';
import { newOwnerId } from './lease.js';

export interface ControllerOptions {
  store: Store;
  executor: Executor;
  dataDir: string;
  /** The injected clock (tests freeze it). */
  now?: () => Date;
  /** How long a driver's claim on a run lasts without renewal. */
  leaseMs?: number;
  /** How often to look for changes other processes made to runs driven here. */
  pollMs?: number;
  /**
   * How often to look for runs whose driver stopped renewing its lease (another replica died) and adopt
   * them; default the lease duration, 0 turns periodic adoption off (start() still adopts once).
   */
  adoptMs?: number;
}

export interface SubmitOptions {
  namespace?: string;
  parameters?: Record<string, string>;
  entrypoint?: string;
  labels?: Record<string, string>;
}

/**
 * Drives workflow runs: persists every engine step, hands tasks to the executor, feeds outcomes back,
 * recovers runs after a crash, and lets other processes (CLI verbs) change runs through the store.
 * Several controllers may share one database (server replicas): each run is driven by the holder of its
 * lease, and runs whose lease expires are adopted by whichever controller claims them first.
 * Emits 'update' (state, patch, resourceVersion) after every durable step, 'finished' (state) when a run
 * ends and 'lost' (state) when another controller took over a run driven here.
 */
export class Controller extends EventEmitter {
  readonly store: Store;
  readonly executor: Executor;
  readonly dataDir: string;
  readonly owner = newOwnerId();
  #now: () => Date;
  #leaseMs: number;
  #pollMs: number;
  #adoptMs: number;
  #adoptTimer: NodeJS.Timeout | undefined;
  #adopting: Promise<void> | undefined;
  #closed = false;
  #runs = new Map<string, ActiveRun>();
  #inFlight = new Map<string, AbortController>();
  #waiters = new Map<string, ((state: RunState) => void)[]>();
  #poll: NodeJS.Timeout | undefined;
  #host: RunHost;

  constructor(opts: ControllerOptions) {
    super();
    this.store = opts.store;
    this.executor = opts.executor;
    this.dataDir = opts.dataDir;
    this.#now = opts.now ?? (() => new Date());
    this.#leaseMs = opts.leaseMs ?? 15_000;
    this.#pollMs = opts.pollMs ?? 500;
    this.#adoptMs = opts.adoptMs ?? this.#leaseMs;
    this.#host = this.#makeHost();
  }

  /** Adopts every unfinished run whose driver is gone, then watches for outside changes and orphans. */
  async start(): Promise<void> {
    await this.#adoptOrphans();
    this.#poll = setInterval(() => void this.#checkOutside(), this.#pollMs);
    this.#poll.unref();
    if (this.#adoptMs > 0) {
      this.#adoptTimer = setInterval(() => void this.#adoptOrphans().catch((err: unknown) => this.emit('error', err)), this.#adoptMs);
      this.#adoptTimer.unref();
    }
  }

  /** Stops timers; running tasks are left to die with this process (their outcome is recovered later). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#poll) clearInterval(this.#poll);
    if (this.#adoptTimer) clearInterval(this.#adoptTimer);
    await this.#adopting?.catch(() => undefined);
    for (const run of this.#runs.values()) run.stopTimer();
    this.#runs.clear();
  }

  /** One adoption pass at a time: claims orphaned runs and starts driving them here. */
  #adoptOrphans(): Promise<void> {
    this.#adopting ??= (async () => {
      const adopted = await recoverRuns(this, this.#host, this.#now(), new Set(this.#runs.keys()));
      for (const { run, events, launches } of adopted) {
        // Closed meanwhile: the claims lapse with their leases and another controller adopts the runs.
        if (this.#closed) return;
        this.#runs.set(run.uid, run);
        for (const task of launches) this.#launch(run, task);
        await run.enqueue(...events, { type: 'tick' });
      }
    })().finally(() => { this.#adopting = undefined; });
    return this.#adopting;
  }

  /** Validates, stores and starts a workflow; returns its initial state. */
  async submit(workflow: Workflow, opts: SubmitOptions = {}): Promise<RunState> {
    const namespace = opts.namespace ?? workflow.metadata.namespace ?? 'default';
    const name = await uniqueName(this.store, namespace, workflow.metadata);
    const storedTemplates = await loadStoredTemplates(this.store, namespace, workflow.spec);
    const labeled: Workflow = opts.labels ? { ...workflow, metadata: { ...workflow.metadata, labels: { ...workflow.metadata.labels, ...opts.labels } } } : workflow;
    const state = createRun(labeled, { uid: randomUUID(), name, namespace, now: this.#now(), storedTemplates, parameters: opts.parameters, entrypoint: opts.entrypoint });
    const run = new ActiveRun(this.#host, state, 1);
    const stored = await this.store.createRun(toStoredRun(state, run.lease()), []);
    run.version = stored.resourceVersion;
    this.#runs.set(state.uid, run);
    await run.enqueue({ type: 'tick' });
    return run.state;
  }

  /** The current state of a run, from memory when driven here, else from the store. */
  async get(namespace: string, name: string): Promise<RunState> {
    const stored = await this.store.getRun(namespace, name);
    if (!stored) throw new ControllerError('ERR_CONTROLLER_NOT_FOUND', `workflow '${name}' not found in namespace '${namespace}'`);
    const local = this.#runs.get(stored.uid);
    if (local) return local.state;
    return fromStored(stored, await this.store.listNodes(stored.uid)).state;
  }

  /** Resolves when the run ends (immediately if it already has). */
  async waitFor(uid: string): Promise<RunState> {
    const local = this.#runs.get(uid);
    if (!local) {
      const stored = await this.store.getRunByUid(uid);
      if (!stored) throw new ControllerError('ERR_CONTROLLER_NOT_FOUND', `workflow ${uid} not found`);
      return fromStored(stored, await this.store.listNodes(uid)).state;
    }
    if (!['Pending', 'Running'].includes(local.state.phase)) return local.state;
    // A suspended run has no timer or task holding the event loop: keep the process alive while someone
    // waits (a CLI `run` waiting for a resume from another terminal would otherwise just exit).
    const keepAlive = setInterval(() => undefined, 60_000);
    return new Promise<RunState>((resolve) => this.#waiters.set(uid, [...(this.#waiters.get(uid) ?? []), resolve]))
      .finally(() => clearInterval(keepAlive));
  }

  /** Applies a user action (resume, suspend, stop, terminate) to a run, driven here or elsewhere. */
  async act(namespace: string, name: string, event: EngineEvent): Promise<RunState> {
    const state = await this.get(namespace, name);
    const local = this.#runs.get(state.uid);
    if (local) {
      step(local.state, [event], { now: this.#now() });
      await local.enqueue(event);
      return local.state;
    }
    return this.#actOnStored(state.uid, (s) => step(s, [event], { now: this.#now() }).patch);
  }

  /** `retry`: reopens a Failed/Error run and drives it here. */
  async retry(namespace: string, name: string): Promise<RunState> {
    const state = await this.get(namespace, name);
    const result = await this.#actOnStored(state.uid, (s) => retryRun(s, { now: this.#now() }), true);
    return result;
  }

  /** Deletes a run: terminates it if it is still running, then removes its rows, logs and artifacts. */
  async delete(namespace: string, name: string): Promise<void> {
    const state = await this.get(namespace, name);
    if (state.phase === 'Running' || state.phase === 'Pending') {
      await this.act(namespace, name, { type: 'stop', strategy: 'Terminate', message: 'workflow deleted' }).catch(() => undefined);
    }
    const local = this.#runs.get(state.uid);
    local?.stopTimer();
    this.#runs.delete(state.uid);
    for (const node of Object.values(state.nodes)) {
      if (node.type === 'Pod') await this.executor.cleanup(`${state.uid}/${node.id}`).catch(() => undefined);
    }
    await this.store.deleteRun(state.uid);
  }

  /** Runs driven by this process right now. */
  activeRuns(): RunState[] {
    return [...this.#runs.values()].map((r) => r.state);
  }

  /** Read-modify-write of a run not driven here (or a retry), with optimistic concurrency. */
  async #actOnStored(uid: string, change: (s: RunState) => RunPatch, adopt = false): Promise<RunState> {
    for (let attempt = 0; ; attempt++) {
      const stored = await this.store.getRunByUid(uid);
      if (!stored) throw new ControllerError('ERR_CONTROLLER_NOT_FOUND', `workflow ${uid} not found`);
      const { state, lease } = fromStored(stored, await this.store.listNodes(uid));
      const patch = change(state);
      const mine = adopt ? { owner: this.owner, expiresAt: new Date(this.#now().getTime() + this.#leaseMs).toISOString() } : lease;
      try {
        const version = await this.store.commitTransition(toTransition(state, stored.resourceVersion, patch, mine));
        applyPatchInPlace(state, patch);
        if (adopt) {
          const run = new ActiveRun(this.#host, state, version);
          this.#runs.get(uid)?.stopTimer();
          this.#runs.set(uid, run);
          await run.enqueue({ type: 'tick' });
          return run.state;
        }
        return state;
      } catch (err) {
        if (!isKeyflowError(err, 'ERR_STORE_CONFLICT') || attempt >= 5) throw err;
      }
    }
  }

  /** Picks up changes other processes made to runs driven here, and renews leases. */
  async #checkOutside(): Promise<void> {
    for (const run of [...this.#runs.values()]) {
      try {
        const stored = await this.store.getRunByUid(run.uid);
        if (!stored) continue;
        if (stored.resourceVersion !== run.version) {
          if (!(await run.reload())) {
            this.#host.lost(run);
            continue;
          }
          await run.enqueue({ type: 'tick' });
        } else if (Date.parse(run.lease().expiresAt) - this.#leaseMs / 3 < this.#now().getTime() + this.#pollMs) {
          await run.enqueue({ type: 'tick' });
        }
      } catch (err) {
        this.emit('error', err);
      }
    }
  }

  #launch(run: ActiveRun, task: TaskSpec): void {
    const taskKey = `${run.uid}/${task.nodeId}`;
    if (this.#inFlight.has(taskKey)) return;
    const abort = new AbortController();
    this.#inFlight.set(taskKey, abort);
    const state = run.state;
    let outcome: Promise<TaskOutcome>;
    try {
      const env = resolveTaskEnv(task);
      const launch = buildLaunch(task, { dataDir: this.dataDir, runUid: run.uid, workflowName: state.name, namespace: state.namespace }, env);
      outcome = this.executor.run(launch, abort.signal);
    } catch (err) {
      const at = this.#now().toISOString();
      outcome = Promise.resolve({ taskId: taskKey, exitCode: null, reason: 'spawn-failed', message: isKeyflowError(err) ? err.message : String(err), outputParameters: {}, outputArtifacts: {}, startedAt: at, finishedAt: at });
    }
    void run.enqueue({ type: 'taskStarted', nodeId: task.nodeId, at: this.#now().toISOString() });
    outcome.then(
      (o) => ({ exitCode: o.exitCode, ...(o.reason ? { reason: o.reason } : {}), ...(o.message ? { message: o.message } : {}), ...(o.result !== undefined ? { result: o.result } : {}),
        outputParameters: o.outputParameters, outputArtifacts: o.outputArtifacts, startedAt: o.startedAt, finishedAt: o.finishedAt }),
      (err: unknown) => ({ exitCode: null, reason: 'spawn-failed' as const, message: isKeyflowError(err) ? err.message : `executor failure: ${String(err)}`, outputParameters: {}, outputArtifacts: {} }),
    ).then((result) => {
      this.#inFlight.delete(taskKey);
      const current = this.#runs.get(run.uid);
      if (current) void current.enqueue({ type: 'taskResult', nodeId: task.nodeId, result });
    });
  }

  #makeHost(): RunHost {
    return {
      store: this.store,
      owner: this.owner,
      leaseMs: this.#leaseMs,
      now: () => this.#now(),
      launch: (run, task) => this.#launch(run, task),
      kill: (run, nodeId) => this.#inFlight.get(`${run.uid}/${nodeId}`)?.abort(),
      inFlight: (run, nodeId) => this.#inFlight.has(`${run.uid}/${nodeId}`),
      updated: (run, patch) => this.emit('update', run.state, patch, run.version),
      finished: (run) => {
        run.stopTimer();
        this.#runs.delete(run.uid);
        this.emit('finished', run.state);
        for (const resolve of this.#waiters.get(run.uid) ?? []) resolve(run.state);
        this.#waiters.delete(run.uid);
      },
      failed: (run, err) => this.emit('error', err),
      lost: (run) => this.#drop(run),
    };
  }

  /** Stops driving a run another controller adopted: its tasks here are killed, waiters follow the store. */
  #drop(run: ActiveRun): void {
    if (this.#runs.get(run.uid) !== run) return;
    run.stopTimer();
    this.#runs.delete(run.uid);
    for (const [key, abort] of this.#inFlight) if (key.startsWith(`${run.uid}/`)) abort.abort();
    this.emit('lost', run.state);
    const waiters = this.#waiters.get(run.uid);
    if (!waiters) return;
    this.#waiters.delete(run.uid);
    void this.#followStored(run.uid).then((state) => { for (const resolve of waiters) resolve(state); }, (err: unknown) => this.emit('error', err));
  }

  /** Polls the store until a run driven elsewhere ends. */
  async #followStored(uid: string): Promise<RunState> {
    for (;;) {
      const stored = await this.store.getRunByUid(uid);
      if (!stored) throw new ControllerError('ERR_CONTROLLER_NOT_FOUND', `workflow ${uid} not found`);
      if (stored.phase !== 'Pending' && stored.phase !== 'Running') return fromStored(stored, await this.store.listNodes(uid)).state;
      await new Promise((resolve) => setTimeout(resolve, this.#pollMs));
    }
  }
}

