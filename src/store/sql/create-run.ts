import type { Backend, Db } from '../backend.js';
import { encodeNodes, encodeRun, type RunRow } from '../encode-rows.js';
import { StoreError } from '../errors.js';
import type { StoredNode, StoredRun } from '../types.js';
import { upsertNodes } from './upsert-nodes.js';

/**
 * Inserts a run at version 1 together with its manifest (a table of its own, see
 * migrations/sqlite/0002_run_manifests.sql) and its first nodes. ON CONFLICT DO NOTHING (on any unique key)
 * instead of catching a constraint error: a failed statement would poison a PostgreSQL transaction, and
 * the follow-up read says which key was taken.
 */
export async function createRun(backend: Backend, run: Omit<StoredRun, 'resourceVersion'>, nodes: readonly StoredNode[]): Promise<StoredRun> {
  const row = encodeRun(run);
  const nodeRows = encodeNodes(row.uid, nodes ?? []);
  const { manifest, ...runRow } = row;
  await backend.write(async (trx) => {
    const inserted = await trx.insertInto('runs').values(runRow)
      .onConflict((oc) => oc.doNothing())
      .returning('uid')
      .executeTakeFirst();
    if (!inserted) throw await explainDuplicate(trx, row);
    // The uid was free in runs, so no manifest row can hold it (they cascade away with their run).
    await trx.insertInto('run_manifests').values({ run_uid: row.uid, manifest }).execute();
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
