import type { Backend } from '../backend.js';
import { checkKey } from '../check-values.js';

/** Deletes run `uid`; its nodes go with it (ON DELETE CASCADE). False when there was no such run. */
export async function deleteRun(backend: Backend, uid: string): Promise<boolean> {
  const result = await backend.db.deleteFrom('runs').where('uid', '=', checkKey(uid, 'run uid')).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
