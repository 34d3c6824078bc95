import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import type { Store, StoredNode, StoredRun } from '../../../src/store/index.js';

/** What a backend's test file gives the contract. */
export interface StoreHarness {
  dialect: 'sqlite' | 'postgres';
  /** Where the shared database lives, as the store names it in messages. */
  location: string;
  /** A new Store on the file's shared database; every call is a separate connection (or pool). */
  open(options?: { now?: () => Date }): Promise<Store>;
  /** A brand-new, empty database (migration races, schema-version checks). */
  freshDatabase(): Promise<FreshDatabase>;
}

export interface FreshDatabase {
  location: string;
  open(): Promise<Store>;
  /** Runs one SQL statement directly, for setup the Store API cannot express. */
  query(statement: string): Promise<Array<Record<string, unknown>>>;
  /** The schema dump of this database (src/store/dump-schema.ts). */
  schema(): Promise<string>;
  dispose(): Promise<void>;
}

/** A store closed when the test ends. */
export async function openFor(t: TestContext, harness: StoreHarness, options?: { now?: () => Date }): Promise<Store> {
  const store = await harness.open(options);
  t.after(() => store.close());
  return store;
}

/** A namespace no other test uses: tests share one database per file. */
export function freshNamespace(): string {
  return `ns-${randomUUID().slice(0, 8)}`;
}

/** A new run with sensible defaults. */
export function newRun(namespace: string, overrides: Partial<Omit<StoredRun, 'resourceVersion'>> = {}): Omit<StoredRun, 'resourceVersion'> {
  const uid = overrides.uid ?? randomUUID();
  return {
    uid,
    namespace,
    name: `run-${uid.slice(0, 8)}`,
    phase: 'Pending',
    manifest: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', spec: { entrypoint: 'main' } },
    state: { phase: 'Pending' },
    labels: {},
    createdAt: '2024-05-01T10:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

/** A node with data that says which write produced it. */
export function node(id: string, phase = 'Pending', extra: Record<string, unknown> = {}): StoredNode {
  return { id, phase, data: { id, phase, ...extra } };
}
