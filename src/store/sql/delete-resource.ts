import type { Backend } from '../backend.js';
import { checkKey } from '../check-values.js';

/** Deletes one resource; false when there was none. */
export async function deleteResource(backend: Backend, kind: string, namespace: string, name: string): Promise<boolean> {
  const result = await backend.db.deleteFrom('resources')
    .where('kind', '=', checkKey(kind, 'resource kind'))
    .where('namespace', '=', checkKey(namespace, 'resource namespace'))
    .where('name', '=', checkKey(name, 'resource name'))
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
