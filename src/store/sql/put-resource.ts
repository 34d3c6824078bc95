import { randomUUID } from 'node:crypto';
import type { Backend, Db } from '../backend.js';
import { checkKey, checkVersion, encodeJson } from '../check-values.js';
import { decodeResource, describeResource, RESOURCE_COLUMNS } from '../decode-rows.js';
import { StoreError } from '../errors.js';
import type { StoredResource } from '../types.js';

export type PutResourceInput = Omit<StoredResource, 'resourceVersion' | 'createdAt' | 'updatedAt' | 'uid'> & {
  uid?: string;
  expectedVersion?: number;
};

interface Put {
  kind: string; namespace: string; name: string; label: string;
  manifest: string; uid: string | undefined; expectedVersion: number | undefined; now: string;
}

/** Attempts before giving up when concurrent creates and deletes keep changing what the read saw. */
const MAX_ATTEMPTS = 3;

/**
 * Creates or replaces a resource. A missing resource counts as version 0: `expectedVersion: 0` means
 * "create, never overwrite" (ERR_STORE_ALREADY_EXISTS if it exists), a higher expectedVersion on a missing
 * resource is ERR_STORE_NOT_FOUND, and a mismatch is ERR_STORE_CONFLICT. A given `uid` that differs from
 * the stored one is a conflict too (the resource was deleted and created again since it was read).
 * Updates keep uid and createdAt.
 */
export async function putResource(backend: Backend, input: PutResourceInput): Promise<StoredResource> {
  const put = encodePut(backend, input);
  const row = await backend.write(async (trx) => {
    for (let attempt = 1; ; attempt++) {
      const current = await trx.selectFrom('resources').select(['uid', 'resource_version'])
        .where('kind', '=', put.kind).where('namespace', '=', put.namespace).where('name', '=', put.name)
        .$if(backend.dialect === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      if (current) return update(trx, put, current);
      if (put.expectedVersion !== undefined && put.expectedVersion > 0) {
        throw new StoreError('ERR_STORE_NOT_FOUND', `${put.label} does not exist (expected version ${put.expectedVersion})`);
      }
      const created = await insert(trx, put);
      if (created) return created;
      // PostgreSQL READ COMMITTED: another transaction created it after our read; ON CONFLICT waited for
      // it to commit, so reading again now sees it.
      if (put.expectedVersion === 0) throw new StoreError('ERR_STORE_ALREADY_EXISTS', `${put.label} already exists`);
      if (attempt >= MAX_ATTEMPTS) throw new StoreError('ERR_STORE_CONFLICT', `${put.label} keeps changing concurrently; retry`);
    }
  });
  return decodeResource(backend, row);
}

function encodePut(backend: Backend, input: PutResourceInput): Put {
  const kind = checkKey(input.kind, 'resource kind');
  const namespace = checkKey(input.namespace, 'resource namespace');
  const name = checkKey(input.name, 'resource name');
  const label = describeResource(kind, namespace, name);
  return {
    kind, namespace, name, label,
    manifest: encodeJson(input.manifest, `manifest of ${label}`),
    uid: input.uid === undefined ? undefined : checkKey(input.uid, `uid of ${label}`),
    expectedVersion: input.expectedVersion === undefined ? undefined : checkVersion(input.expectedVersion, `expectedVersion of ${label}`),
    now: backend.now().toISOString(),
  };
}

async function update(trx: Db, put: Put, current: { uid: string; resource_version: number }) {
  if (put.expectedVersion === 0) throw new StoreError('ERR_STORE_ALREADY_EXISTS', `${put.label} already exists`);
  if (put.expectedVersion !== undefined && put.expectedVersion !== current.resource_version) {
    throw new StoreError('ERR_STORE_CONFLICT', `${put.label} is at version ${current.resource_version}, expected ${put.expectedVersion}`);
  }
  if (put.uid !== undefined && put.uid !== current.uid) {
    throw new StoreError('ERR_STORE_CONFLICT', `${put.label} has uid ${current.uid}, not ${put.uid}`);
  }
  return trx.updateTable('resources')
    .set((eb) => ({ manifest: put.manifest, updated_at: put.now, resource_version: eb('resource_version', '+', 1) }))
    .where('kind', '=', put.kind).where('namespace', '=', put.namespace).where('name', '=', put.name)
    .returning(RESOURCE_COLUMNS)
    .executeTakeFirstOrThrow();
}

async function insert(trx: Db, put: Put) {
  return trx.insertInto('resources')
    .values({
      kind: put.kind, namespace: put.namespace, name: put.name, uid: put.uid ?? randomUUID(),
      resource_version: 1, manifest: put.manifest, created_at: put.now, updated_at: put.now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning(RESOURCE_COLUMNS)
    .executeTakeFirst();
}
