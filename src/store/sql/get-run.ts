import type { Backend } from '../backend.js';
import { checkKey } from '../check-values.js';
import { decodeRun, selectRuns } from '../decode-rows.js';
import type { StoredRun } from '../types.js';

/** The run with this namespace and name, or with this uid; undefined when there is none. */
export async function getRun(backend: Backend, key: { namespace: string; name: string } | { uid: string }): Promise<StoredRun | undefined> {
  let query = selectRuns(backend);
  query = 'uid' in key
    ? query.where('uid', '=', checkKey(key.uid, 'run uid'))
    : query.where('namespace', '=', checkKey(key.namespace, 'run namespace')).where('name', '=', checkKey(key.name, 'run name'));
  const row = await query.executeTakeFirst();
  return row && decodeRun(backend, row);
}
