import type { Db } from '../backend.js';
import type { EncodedTransition } from '../encode-rows.js';
import { StoreError } from '../errors.js';

/**
 * The optimistic-concurrency step of a transition: the row moves to the next version only if it is still
 * at the version the writer read. Under PostgreSQL READ COMMITTED a concurrent writer's UPDATE waits for
 * ours and then re-checks `resource_version`, so of two writers with the same expectedVersion exactly one
 * matches a row; SQLite serialises writers outright.
 */
export async function updateRun(trx: Db, t: EncodedTransition, batch: { index: number; size: number }): Promise<number> {
  const updated = await trx.updateTable('runs')
    .set((eb) => ({
      phase: t.phase,
      state: t.state,
      resource_version: eb('resource_version', '+', 1),
      ...(t.startedAt === undefined ? {} : { started_at: t.startedAt }),
      ...(t.finishedAt === undefined ? {} : { finished_at: t.finishedAt }),
    }))
    .where('uid', '=', t.uid)
    .where('resource_version', '=', t.expectedVersion)
    .returning('resource_version')
    .executeTakeFirst();
  if (updated) return Number(updated.resource_version);
  throw await explainMiss(trx, t, batch);
}

/** Why a run UPDATE matched no row: the run is gone, or it moved past the expected version. */
export async function explainMiss(trx: Db, t: EncodedTransition, batch: { index: number; size: number }): Promise<StoreError> {
  const current = await trx.selectFrom('runs')
    .select(['namespace', 'name', 'resource_version'])
    .where('uid', '=', t.uid)
    .executeTakeFirst();
  return missError(t, batch, current);
}

/** The error for a transition whose run row is `current` (undefined: gone); shared with the synchronous SQLite path. */
export function missError(
  t: EncodedTransition,
  batch: { index: number; size: number },
  current: { namespace: string; name: string; resource_version: number } | undefined,
): StoreError {
  const where = batch.size > 1 ? ` (transition ${batch.index + 1} of ${batch.size}; none of the batch was applied)` : '';
  if (!current) return new StoreError('ERR_STORE_NOT_FOUND', `run ${t.uid} does not exist${where}`);
  return new StoreError('ERR_STORE_CONFLICT',
    `run ${current.namespace}/${current.name} (uid ${t.uid}) is at version ${current.resource_version}, expected ${t.expectedVersion}${where}`);
}
