import type { Db } from '../backend.js';
import type { NodeRow } from '../encode-rows.js';

/**
 * Multi-row upsert of node rows. Rows go out in chunks of a few fixed sizes (256, 64, 16, 4, 1) rather
 * than "whatever is left", so every chunk reuses one of five prepared statements, a batch of n rows takes
 * at most n/256 + 12 statements, and no chunk nears SQLite's or PostgreSQL's bind-parameter limit.
 * Callers pass at most one row per (run_uid, node_id): PostgreSQL refuses to update a row twice in one
 * statement.
 */
const CHUNK_SIZES = [256, 64, 16, 4, 1] as const;

/** Inserts or replaces `rows` (by run_uid + node_id). */
export async function upsertNodes(trx: Db, rows: readonly NodeRow[]): Promise<void> {
  let start = 0;
  for (const size of CHUNK_SIZES) {
    while (rows.length - start >= size) {
      await trx.insertInto('nodes')
        .values(rows.slice(start, start + size))
        .onConflict((oc) => oc.columns(['run_uid', 'node_id']).doUpdateSet((eb) => ({
          phase: eb.ref('excluded.phase'),
          data: eb.ref('excluded.data'),
        })))
        .execute();
      start += size;
    }
  }
}
