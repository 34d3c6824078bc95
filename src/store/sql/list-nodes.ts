import type { Backend } from '../backend.js';
import { checkKey } from '../check-values.js';
import { decodeNode } from '../decode-rows.js';
import type { StoredNode } from '../types.js';

/** Every node of run `uid`, ordered by node id; [] for an unknown run. */
export async function listNodes(backend: Backend, uid: string): Promise<StoredNode[]> {
  const rows = await backend.db.selectFrom('nodes')
    .select(['node_id', 'phase', 'data'])
    .where('run_uid', '=', checkKey(uid, 'run uid'))
    .orderBy('node_id')
    .execute();
  return rows.map((row) => decodeNode(backend, row));
}
