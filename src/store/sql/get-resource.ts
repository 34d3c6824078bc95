import type { Backend } from '../backend.js';
import { checkKey } from '../check-values.js';
import { decodeResource, RESOURCE_COLUMNS } from '../decode-rows.js';
import type { StoredResource } from '../types.js';

/** The resource with this kind, namespace ('' for cluster-scoped kinds) and name, or undefined. */
export async function getResource(backend: Backend, kind: string, namespace: string, name: string): Promise<StoredResource | undefined> {
  const row = await backend.db.selectFrom('resources').select(RESOURCE_COLUMNS)
    .where('kind', '=', checkKey(kind, 'resource kind'))
    .where('namespace', '=', checkKey(namespace, 'resource namespace'))
    .where('name', '=', checkKey(name, 'resource name'))
    .executeTakeFirst();
  return row && decodeResource(backend, row);
}
