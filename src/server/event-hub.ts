import { fromStored, type Controller } from '../controller/index.js';
import type { RunPatch, RunState } from '../engine/index.js';
import type { Store, StoredRun } from '../store/index.js';
import { apiWorkflow } from './api-objects.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * One change of one workflow, serialized once however many streams receive it. `state` may be the
 * controller's live object: listeners read it (and `data`) synchronously, while the event is published.
 */
export interface WatchEvent {
  type: WatchEventType;
  state: RunState;
  /** The run's resourceVersion after the change (undefined for deletions). */
  version: number | undefined;
  /** The SSE `data:` payload, Argo's `{"result":{"type","object"}}`. */
  readonly data: string;
}

export type WatchListener = (event: WatchEvent) => void;

const UNFINISHED = ['Pending', 'Running'];
/** Newest runs checked on each poll for ones that started and finished elsewhere in between. */
const RECENT_RUNS = 50;

function makeEvent(type: WatchEventType, state: RunState, version: number | undefined): WatchEvent {
  let data: string | undefined;
  return {
    type, state, version,
    get data() {
      data ??= JSON.stringify({ result: { type, object: apiWorkflow(state, version) } });
      return data;
    },
  };
}

/**
 * The source of the workflow event streams, shared by every open stream of this server. Two feeds:
 *   - this replica's Controller ('update' after every durable step), coalesced per run over `flushMs`
 *     so a busy DAG costs one event per interval, not one per task;
 *   - a store poll every `pollMs` for runs other replicas drive (or other processes changed): unfinished
 *     runs whose resourceVersion moved on, runs that left the unfinished set (finished or deleted), and
 *     the newest runs not seen yet (created and finished in between: up to 50 per poll).
 * It runs only while at least one stream listens.
 */
export class WorkflowEventHub {
  readonly #controller: Controller;
  readonly #store: Store;
  readonly #pollMs: number;
  readonly #flushMs: number;
  #listeners = new Set<WatchListener>();
  /** Last version published (or seen at start) per run uid. */
  #versions = new Map<string, number>();
  /** Unfinished runs seen by the last poll (kept to describe them if they disappear). */
  #unfinished = new Map<string, StoredRun>();
  #pending = new Map<string, { state: RunState; version: number }>();
  #flushTimer: NodeJS.Timeout | undefined;
  #pollTimer: NodeJS.Timeout | undefined;
  #polling = false;
  #startedAt = 0;
  #onUpdate = (state: RunState, _patch: RunPatch, version?: number) => this.#queueLocal(state, version);

  constructor(controller: Controller, store: Store, opts: { pollMs?: number; flushMs?: number } = {}) {
    this.#controller = controller;
    this.#store = store;
    this.#pollMs = opts.pollMs ?? 1000;
    this.#flushMs = opts.flushMs ?? 100;
  }

  /** Adds a listener (starting the feeds for the first); returns the function that removes it. */
  subscribe(listener: WatchListener): () => void {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#start();
    return () => {
      if (this.#listeners.delete(listener) && this.#listeners.size === 0) this.#stop();
    };
  }

  /** Publishes the deletion of a run (deleted through this server; the poll catches other deletions). */
  publishDeleted(state: RunState): void {
    this.#pending.delete(state.uid);
    this.#versions.delete(state.uid);
    this.#unfinished.delete(state.uid);
    this.#publish(makeEvent('DELETED', state, undefined));
  }

  /** Stops both feeds and forgets the listeners (server shutdown). */
  close(): void {
    this.#listeners.clear();
    this.#stop();
  }

  #start(): void {
    this.#startedAt = Date.now();
    this.#controller.on('update', this.#onUpdate);
    void this.#poll(true);
    this.#pollTimer = setInterval(() => void this.#poll(false), this.#pollMs);
    this.#pollTimer.unref();
  }

  #stop(): void {
    this.#controller.off('update', this.#onUpdate);
    if (this.#pollTimer) clearInterval(this.#pollTimer);
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#pollTimer = undefined;
    this.#flushTimer = undefined;
    this.#pending.clear();
    this.#versions.clear();
    this.#unfinished.clear();
  }

  #queueLocal(state: RunState, version: number | undefined): void {
    this.#pending.set(state.uid, { state, version: version ?? (this.#versions.get(state.uid) ?? 0) + 1 });
    this.#flushTimer ??= setTimeout(() => this.#flush(), this.#flushMs);
  }

  #flush(): void {
    this.#flushTimer = undefined;
    const batch = [...this.#pending.values()];
    this.#pending.clear();
    for (const { state, version } of batch) this.#emitChange(state, version);
  }

  /** ADDED for a run first seen that was created after the feed started, MODIFIED otherwise. */
  #emitChange(state: RunState, version: number): void {
    const known = this.#versions.get(state.uid);
    if (known !== undefined && known >= version) return;
    this.#versions.set(state.uid, version);
    const created = Date.parse(state.metadata.creationTimestamp ?? '');
    const type = known === undefined && created >= this.#startedAt ? 'ADDED' : 'MODIFIED';
    this.#publish(makeEvent(type, state, version));
  }

  #publish(event: WatchEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }

  /** The store feed; the first pass only records versions (streams list current state themselves). */
  async #poll(first: boolean): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const [runs, recent] = await Promise.all([this.#store.listRuns({ phases: UNFINISHED }), this.#store.listRuns({ limit: RECENT_RUNS })]);
      const local = new Set(this.#controller.activeRuns().map((s) => s.uid));
      const seen = new Map<string, StoredRun>();
      for (const run of runs) {
        seen.set(run.uid, run);
        if (first) this.#versions.set(run.uid, run.resourceVersion);
        else if (!local.has(run.uid) && run.resourceVersion > (this.#versions.get(run.uid) ?? 0)) await this.#emitStored(run);
      }
      // Runs created and already finished elsewhere between two polls were never in the unfinished set.
      for (const run of recent) {
        if (first) this.#versions.set(run.uid, run.resourceVersion);
        else if (!seen.has(run.uid) && !local.has(run.uid) && !this.#versions.has(run.uid)) await this.#emitStored(run);
      }
      if (!first) for (const [uid, last] of this.#unfinished) if (!seen.has(uid) && !local.has(uid)) await this.#settle(last);
      this.#unfinished = seen;
    } catch {
      // A store hiccup skips one poll; the next one sees the same changes.
    } finally {
      this.#polling = false;
    }
  }

  async #emitStored(run: StoredRun): Promise<void> {
    const { state } = fromStored(run, await this.#store.listNodes(run.uid));
    if (this.#listeners.size > 0) this.#emitChange(state, run.resourceVersion);
  }

  /** A run that left the unfinished set: finished elsewhere (MODIFIED) or deleted (DELETED). */
  async #settle(last: StoredRun): Promise<void> {
    const run = await this.#store.getRunByUid(last.uid);
    if (run) {
      if (run.resourceVersion > (this.#versions.get(run.uid) ?? 0)) await this.#emitStored(run);
      return;
    }
    if (!this.#versions.has(last.uid)) return;
    this.#versions.delete(last.uid);
    // The row is gone: the event carries the workflow as this server last saw it.
    this.#publish(makeEvent('DELETED', fromStored(last, []).state, undefined));
  }
}
