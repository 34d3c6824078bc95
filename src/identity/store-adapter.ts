import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Store, StoredResource } from '../store/index.js';
import { guardStoreCall } from './guard-store-call.js';

/**
 * oidc-provider's storage (sessions, grants, codes, refresh tokens, interactions, device codes, dynamic
 * clients...) in the store's resources table, so that several replicas on one PostgreSQL share it.
 *
 *   main entry     kind `oidc/<Model>`,         name = id              { payload, expiresAt }
 *   uid index      kind `oidc/Session#uid`,     name = payload.uid     { id, expiresAt }
 *   userCode index kind `oidc/DeviceCode#userCode`, name = userCode    { id, expiresAt }
 *   grant index    kind `oidc/<Model>#grant`,   namespace = grantId, name = id            (revokeByGrantId)
 *
 * `expiresAt` is epoch seconds (null: never). Expired entries are invisible to find*, deleted when found,
 * and swept in bulk by `sweepExpired`. Index entries are hints: a lookup through one re-checks the target.
 */
export interface StoreAdapters {
  /** The factory to give oidc-provider as `adapter`. */
  factory: (name: string) => Adapter;
  /** Deletes expired entries of every model seen so far; returns how many. */
  sweepExpired(): Promise<number>;
}

interface Entry { payload: AdapterPayload; expiresAt: number | null }
interface IndexEntry { id: string; expiresAt: number | null }

const MAX_CONSUME_ATTEMPTS = 3;

/** Adapters over `store`; `now` returns epoch milliseconds. */
export function createStoreAdapters(store: Store, now: () => number = Date.now): StoreAdapters {
  const models = new Set<string>();
  const seconds = () => Math.floor(now() / 1000);
  const expired = (expiresAt: unknown) => typeof expiresAt === 'number' && expiresAt <= seconds();

  return {
    factory(name: string): Adapter {
      models.add(name);
      return new StoreAdapter(store, name, seconds, expired);
    },
    async sweepExpired(): Promise<number> {
      let removed = 0;
      for (const name of models) {
        for (const kind of [`oidc/${name}`, `oidc/${name}#uid`, `oidc/${name}#userCode`, `oidc/${name}#grant`]) {
          for (const resource of await store.listResources({ kind })) {
            if (expired(resource.manifest.expiresAt) && await store.deleteResource(kind, resource.namespace, resource.name)) removed++;
          }
        }
      }
      return removed;
    },
  };
}

class StoreAdapter implements Adapter {
  readonly #store: Store;
  readonly #kind: string;
  readonly #seconds: () => number;
  readonly #expired: (expiresAt: unknown) => boolean;

  constructor(store: Store, name: string, seconds: () => number, expired: (expiresAt: unknown) => boolean) {
    this.#store = store;
    this.#kind = `oidc/${name}`;
    this.#seconds = seconds;
    this.#expired = expired;
  }

  upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    return guardStoreCall(() => this.#upsert(id, payload, expiresIn));
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return guardStoreCall(async () => (await this.#load(id))?.entry.payload);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return guardStoreCall(() => this.#findThroughIndex('uid', uid, (payload) => payload.uid === uid));
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return guardStoreCall(() => this.#findThroughIndex('userCode', userCode, (payload) => payload.userCode === userCode));
  }

  consume(id: string): Promise<void> {
    return guardStoreCall(() => this.#consume(id));
  }

  destroy(id: string): Promise<void> {
    return guardStoreCall(() => this.#destroy(id));
  }

  revokeByGrantId(grantId: string): Promise<void> {
    return guardStoreCall(() => this.#revokeByGrantId(grantId));
  }

  async #upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const expiresAt = expiresIn ? this.#seconds() + expiresIn : null;
    const entry: Entry = { payload, expiresAt };
    await this.#store.putResource({ kind: this.#kind, namespace: '', name: id, manifest: entry as unknown as Record<string, unknown> });
    const index = (suffix: string, namespace: string, name: string, value: IndexEntry) =>
      this.#store.putResource({ kind: `${this.#kind}#${suffix}`, namespace, name, manifest: value as unknown as Record<string, unknown> });
    // oidc-provider looks up only sessions by uid and only device codes by user code.
    if (this.#kind === 'oidc/Session' && typeof payload.uid === 'string') await index('uid', '', payload.uid, { id, expiresAt });
    if (this.#kind === 'oidc/DeviceCode' && typeof payload.userCode === 'string') await index('userCode', '', payload.userCode, { id, expiresAt });
    if (typeof payload.grantId === 'string') await index('grant', payload.grantId, id, { id, expiresAt });
  }

  /** Marks the entry consumed; optimistic concurrency so a concurrent upsert is not lost. */
  async #consume(id: string): Promise<void> {
    for (let attempt = 1; attempt <= MAX_CONSUME_ATTEMPTS; attempt++) {
      const loaded = await this.#load(id);
      if (!loaded) return;
      const entry: Entry = { ...loaded.entry, payload: { ...loaded.entry.payload, consumed: this.#seconds() } };
      try {
        await this.#store.putResource({
          kind: this.#kind, namespace: '', name: id, expectedVersion: loaded.resource.resourceVersion,
          manifest: entry as unknown as Record<string, unknown>,
        });
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== 'ERR_STORE_CONFLICT' || attempt === MAX_CONSUME_ATTEMPTS) throw err;
      }
    }
  }

  async #destroy(id: string): Promise<void> {
    const resource = await this.#store.getResource(this.#kind, '', id);
    if (resource) await this.#remove(id, (resource.manifest as unknown as Entry).payload);
  }

  async #revokeByGrantId(grantId: string): Promise<void> {
    const kind = `${this.#kind}#grant`;
    for (const member of await this.#store.listResources({ kind, namespace: grantId })) {
      await this.#destroy(member.name);
      await this.#store.deleteResource(kind, grantId, member.name);
    }
  }

  async #load(id: string): Promise<{ entry: Entry; resource: StoredResource } | undefined> {
    const resource = await this.#store.getResource(this.#kind, '', id);
    if (!resource) return undefined;
    const entry = resource.manifest as unknown as Entry;
    if (this.#expired(entry.expiresAt)) {
      await this.#remove(id, entry.payload);
      return undefined;
    }
    return { entry, resource };
  }

  async #findThroughIndex(suffix: string, key: string, matches: (p: AdapterPayload) => boolean): Promise<AdapterPayload | undefined> {
    const index = await this.#store.getResource(`${this.#kind}#${suffix}`, '', key);
    const id = (index?.manifest as IndexEntry | undefined)?.id;
    if (typeof id !== 'string') return undefined;
    const payload = (await this.#load(id))?.entry.payload;
    return payload && matches(payload) ? payload : undefined;
  }

  async #remove(id: string, payload: AdapterPayload | undefined): Promise<void> {
    await this.#store.deleteResource(this.#kind, '', id);
    if (this.#kind === 'oidc/Session' && typeof payload?.uid === 'string') await this.#deleteIndex('uid', '', payload.uid, id);
    if (this.#kind === 'oidc/DeviceCode' && typeof payload?.userCode === 'string') await this.#deleteIndex('userCode', '', payload.userCode, id);
    if (typeof payload?.grantId === 'string') await this.#store.deleteResource(`${this.#kind}#grant`, payload.grantId, id);
  }

  /** Deletes an index entry only while it still points at `id` (a newer entry may have taken the key). */
  async #deleteIndex(suffix: string, namespace: string, key: string, id: string): Promise<void> {
    const kind = `${this.#kind}#${suffix}`;
    const index = await this.#store.getResource(kind, namespace, key);
    if ((index?.manifest as IndexEntry | undefined)?.id === id) await this.#store.deleteResource(kind, namespace, key);
  }
}

/** Kind of the dynamic OIDC clients (service accounts) in the store. */
export const CLIENT_KIND = 'oidc/Client';

/** Creates a never-expiring entry in the adapter's format; false when one with that id exists. */
export async function insertEntry(store: Store, kind: string, id: string, payload: AdapterPayload): Promise<boolean> {
  const entry: Entry = { payload, expiresAt: null };
  try {
    await store.putResource({ kind, namespace: '', name: id, expectedVersion: 0, manifest: entry as unknown as Record<string, unknown> });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_STORE_ALREADY_EXISTS') return false;
    throw err;
  }
}
