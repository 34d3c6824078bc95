import { step, applyPatchInPlace, isFulfilled, type EngineCommand, type EngineEvent, type RunPatch, type RunState, type TaskSpec } from '../engine/index.js';
import { isKeyflowError } from '../errors/index.js';
import type { Store } from '../store/index.js';
import { fromStored, toTransition, type Lease } from './run-codec.js';
import { leaseHeld } from './lease.js';

/** What an ActiveRun needs from its controller. */
export interface RunHost {
  store: Store;
  owner: string;
  leaseMs: number;
  now(): Date;
  launch(run: ActiveRun, task: TaskSpec): void;
  kill(run: ActiveRun, nodeId: string): void;
  inFlight(run: ActiveRun, nodeId: string): boolean;
  updated(run: ActiveRun, patch: RunPatch): void;
  finished(run: ActiveRun): void;
  failed(run: ActiveRun, err: unknown): void;
  /** Another controller holds the run's lease now (it adopted the run): stop driving it here. */
  lost(run: ActiveRun): void;
}

/**
 * One run driven by this process. Events queue up and are applied in batches: one engine step and
 * one store transaction per batch, then the commands run. Commands are carried out only after their
 * state is durable (write-ahead), so a crash can lose an outcome but never record one twice.
 *
 *   idle --event--> flushing --commit ok--> dispatch commands --queue empty--> idle
 *                       \--ERR_STORE_CONFLICT--> reload from store, replay the batch
 *                                   \--another controller holds the lease--> lost (stop driving)
 */
export class ActiveRun {
  state: RunState;
  version: number;
  readonly host: RunHost;
  #queue: EngineEvent[] = [];
  #flushing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #wakeAt: string | undefined;

  constructor(host: RunHost, state: RunState, version: number) {
    this.host = host;
    this.state = state;
    this.version = version;
  }

  get uid(): string {
    return this.state.uid;
  }

  lease(): Lease {
    return { owner: this.host.owner, expiresAt: new Date(this.host.now().getTime() + this.host.leaseMs).toISOString() };
  }

  /** Queues events and makes sure a flush will run. */
  enqueue(...events: EngineEvent[]): Promise<void> {
    this.#queue.push(...events);
    return this.flush();
  }

  flush(): Promise<void> {
    this.#flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#drain()).finally(() => {
      this.#flushing = undefined;
      if (this.#queue.length > 0) void this.flush();
    });
    return this.#flushing;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      // Let outcomes that are already on their way (microtasks, I/O callbacks) join this batch: one
      // commit then covers a task's start and its result instead of two.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const events = this.#queue.splice(0);
      try {
        await this.#apply(events);
      } catch (err) {
        this.host.failed(this, err);
        return;
      }
    }
  }

  async #apply(events: EngineEvent[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const { patch, commands } = step(this.state, events, { now: this.host.now() });
      try {
        this.version = await this.host.store.commitTransition(toTransition(this.state, this.version, patch, this.lease()));
      } catch (err) {
        if (!isKeyflowError(err, 'ERR_STORE_CONFLICT') || attempt >= 5) throw err;
        if (!(await this.reload())) {
          this.#queue.length = 0;
          this.host.lost(this);
          return;
        }
        continue;
      }
      applyPatchInPlace(this.state, patch);
      this.host.updated(this, patch);
      this.#dispatch(commands);
      return;
    }
  }

  #dispatch(commands: EngineCommand[]): void {
    for (const c of commands) {
      if (c.type === 'startTask') this.host.launch(this, c.task);
      else if (c.type === 'killTask') this.host.kill(this, c.nodeId);
      else if (c.type === 'wakeAt') this.#scheduleWake(c.at);
      else if (c.type === 'finished') this.host.finished(this);
    }
  }

  #scheduleWake(at: string): void {
    if (this.#wakeAt === at) return;
    this.stopTimer();
    this.#wakeAt = at;
    const delay = Math.max(0, Math.min(Date.parse(at) - this.host.now().getTime(), 2 ** 31 - 1));
    this.#timer = setTimeout(() => {
      this.#wakeAt = undefined;
      void this.enqueue({ type: 'tick' });
    }, delay);
  }

  stopTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#wakeAt = undefined;
  }

  /**
   * Re-reads the run after someone else wrote it (a CLI resume/stop, or a conflict): tasks another
   * writer created are started here, tasks another writer asked to stop are killed here. Returns false,
   * changing nothing, when another controller's live lease is on the run (it adopted the run).
   */
  async reload(): Promise<boolean> {
    const run = await this.host.store.getRunByUid(this.uid);
    if (!run) return true;
    const nodes = await this.host.store.listNodes(this.uid);
    const { state, lease } = fromStored(run, nodes);
    if (leaseHeld(lease, this.host.owner, this.host.now())) return false;
    this.state = state;
    this.version = run.resourceVersion;
    for (const node of Object.values(this.state.nodes)) {
      if (node.type !== 'Pod' || isFulfilled(node)) continue;
      const running = this.host.inFlight(this, node.id);
      if (node.keyflow?.killReason && running) this.host.kill(this, node.id);
      else if (!running && node.phase === 'Pending' && node.keyflow?.task && !node.keyflow.killReason) this.host.launch(this, node.keyflow.task);
    }
    return true;
  }
}
