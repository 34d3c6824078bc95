import type { Db } from '../backend.js';

/** Ids per statement: far below both backends' bind-parameter limits. */
const CHUNK_SIZE = 500;

/** Deletes the listed nodes of run `uid`; ids that do not exist are ignored. */
export async function deleteNodes(trx: Db, uid: string, nodeIds: readonly string[]): Promise<void> {
  for (let start = 0; start < nodeIds.length; start += CHUNK_SIZE) {
    await trx.deleteFrom('nodes')
      .where('run_uid', '=', uid)
      .where('node_id', 'in', nodeIds.slice(start, start + CHUNK_SIZE))
      .execute();
  }
}
