import type { Backend, Db } from '../backend.js';
import { encodeNodes, encodeRun, type RunRow } from '../encode-rows.js';
import { StoreError } from '../errors.js';
import type { StoredNode, StoredRun } from '../types.js';
import { upsertNodes } from './upsert-nodes.js';

/**
 * Inserts a run at version 1 together with its first nodes. ON CONFLICT DO NOTHING (on any unique key)
 * instead of catching a constraint error: a failed statement would poison a PostgreSQL transaction, and
 * the follow-up read says which key was taken.
 */
export async function createRun(backend: Backend, run: Omit<StoredRun, 'resourceVersion'>, nodes: readonly StoredNode[]): Promise<StoredRun> {
  const row = encodeRun(run);
  const nodeRows = encodeNodes(row.uid, nodes ?? []);
  await backend.write(async (trx) => {
    const inserted = await trx.insertInto('runs').values(row)
      .onConflict((oc) => oc.doNothing())
      .returning('uid')
      .executeTakeFirst();
    if (!inserted) throw await explainDuplicate(trx, row);
    await upsertNodes(trx, nodeRows);
  });
  return {
    uid: row.uid,
    namespace: row.namespace,
    name: row.name,
    phase: row.phase,
    resourceVersion: 1,
    manifest: run.manifest,
    state: run.state,
    labels: run.labels ?? {},
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

async function explainDuplicate(trx: Db, row: RunRow): Promise<StoreError> {
  const sameName = await trx.selectFrom('runs').select('uid')
    .where('namespace', '=', row.namespace).where('name', '=', row.name)
    .executeTakeFirst();
  return new StoreError('ERR_STORE_ALREADY_EXISTS', sameName
    ? `run ${row.namespace}/${row.name} already exists`
    : `a run with uid ${row.uid} already exists`);
}
