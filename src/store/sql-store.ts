import type { Backend } from './backend.js';
import { StoreError } from './errors.js';
import { migrate } from './migrate.js';
import { commitTransitions } from './sql/commit-transitions.js';
import { createRun } from './sql/create-run.js';
import { deleteResource } from './sql/delete-resource.js';
import { deleteRun } from './sql/delete-run.js';
import { getResource } from './sql/get-resource.js';
import { getRun } from './sql/get-run.js';
import { listNodes } from './sql/list-nodes.js';
import { listResources } from './sql/list-resources.js';
import { listRuns } from './sql/list-runs.js';
import { putResource, type PutResourceInput } from './sql/put-resource.js';
import type { RunFilter, RunTransition, ResourceFilter, Store, StoredNode, StoredRun } from './types.js';

/**
 * The one Store implementation: each method is a statement or transaction from `sql/`, run against the
 * backend's Kysely instance. Driver failures that mean "database unavailable" come out as StoreError.
 */
export class SqlStore implements Store {
  readonly #backend: Backend;
  #closed = false;
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  migrate() { return this.#run(() => migrate(this.#backend)); }

  /** Refuses new work, waits for operations already started, then closes the connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled(this.#inFlight);
    await this.#backend.close();
  }

  createRun(run: Omit<StoredRun, 'resourceVersion'>, nodes: StoredNode[]) { return this.#run(() => createRun(this.#backend, run, nodes)); }
  getRun(namespace: string, name: string) { return this.#run(() => getRun(this.#backend, { namespace, name })); }
  getRunByUid(uid: string) { return this.#run(() => getRun(this.#backend, { uid })); }
  listRuns(filter: RunFilter) { return this.#run(() => listRuns(this.#backend, filter)); }
  listNodes(uid: string) { return this.#run(() => listNodes(this.#backend, uid)); }
  deleteRun(uid: string) { return this.#run(() => deleteRun(this.#backend, uid)); }

  async commitTransition(transition: RunTransition): Promise<number> {
    const [version] = await this.commitTransitions([transition]);
    return version!;
  }

  commitTransitions(transitions: RunTransition[]) { return this.#run(() => commitTransitions(this.#backend, transitions)); }

  putResource(resource: PutResourceInput) { return this.#run(() => putResource(this.#backend, resource)); }
  getResource(kind: string, namespace: string, name: string) { return this.#run(() => getResource(this.#backend, kind, namespace, name)); }
  listResources(filter: ResourceFilter) { return this.#run(() => listResources(this.#backend, filter)); }
  deleteResource(kind: string, namespace: string, name: string) { return this.#run(() => deleteResource(this.#backend, kind, namespace, name)); }

  async #run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreError('ERR_STORE_UNAVAILABLE', `the store for ${this.#backend.location} is closed`);
    const running = this.#backend.retryWhileBusy(operation);
    this.#inFlight.add(running);
    try {
      return await running;
    } catch (err) {
      throw this.#backend.translateError(err);
    } finally {
      this.#inFlight.delete(running);
    }
  }
}
