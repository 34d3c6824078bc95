import type { Backend } from '../backend.js';
import { checkKey } from '../check-values.js';
import { decodeResource, RESOURCE_COLUMNS } from '../decode-rows.js';
import type { ResourceFilter, StoredResource } from '../types.js';

/** Resources of one kind, optionally in one namespace, ordered by namespace then name (byte order). */
export async function listResources(backend: Backend, filter: ResourceFilter): Promise<StoredResource[]> {
  let query = backend.db.selectFrom('resources').select(RESOURCE_COLUMNS)
    .where('kind', '=', checkKey(filter?.kind, 'resource kind filter'));
  if (filter.namespace !== undefined) query = query.where('namespace', '=', checkKey(filter.namespace, 'namespace filter'));
  const rows = await query.orderBy('namespace').orderBy('name').execute();
  return rows.map((row) => decodeResource(backend, row));
}
