/**
 * A measured deviation from "every statement through Kysely": on SQLite, the statements of
 * commitTransitions run synchronously on better-sqlite3 inside one BEGIN IMMEDIATE transaction
 * (Backend.writeSync). The engine commits once per step, and through Kysely (query compile, one promise
 * hop per statement, multi-row VALUES built per batch) a transition with two node upserts cost ~1 ms
 * against ~0.2 ms for the same statements on better-sqlite3 directly (docs/store.md, Performance).
 * PostgreSQL keeps the Kysely path in commit-transitions.ts: there each statement is a round trip and the
 * batched statements matter more than the client-side cost.
 *
 * The SQL below is static text with bind parameters, prepared once per store; no value is ever spliced
 * in. Semantics are those of the Kysely path (the contract suite runs both, and
 * test/store/sql/commit-transitions-sqlite.test.ts compares them): transitions apply one by one in batch
 * order, which on a single-writer database gives what folding them per run does (same final rows, and the
 * first stale transition in batch order is the one reported); the node writes are the same merged set.
 */
import type { SyncConnection } from '../backend.js';
import type { EncodedTransition, NodeRow } from '../encode-rows.js';
import { missError } from './update-run.js';

// A flag of 0 keeps the stored time: startedAt/finishedAt left out mean "unchanged", null clears.
const UPDATE_RUN = `update runs set
    phase = ?, state = ?, resource_version = resource_version + 1,
    started_at = case when ? = 1 then ? else started_at end,
    finished_at = case when ? = 1 then ? else finished_at end
  where uid = ? and resource_version = ?`;
const SELECT_RUN = 'select namespace, name, resource_version from runs where uid = ?';
const UPSERT_NODE = `insert into nodes (run_uid, node_id, phase, data) values (?, ?, ?, ?)
  on conflict (run_uid, node_id) do update set phase = excluded.phase, data = excluded.data`;
const DELETE_NODE = 'delete from nodes where run_uid = ? and node_id = ?';

/**
 * Applies already encoded and merged transitions inside the caller's transaction; returns each
 * transition's new version. Throws (and the caller's transaction rolls back) at the first stale or unknown
 * run, with the same message as the Kysely path.
 */
export function commitTransitionsSync(
  connection: SyncConnection,
  transitions: readonly EncodedTransition[],
  upserts: readonly NodeRow[],
  deletes: ReadonlyMap<string, readonly string[]>,
): number[] {
  const updateRun = connection.prepare(UPDATE_RUN);
  const versions: number[] = [];
  for (const [index, t] of transitions.entries()) {
    const { changes } = updateRun.run(
      t.phase, t.state,
      t.startedAt === undefined ? 0 : 1, t.startedAt ?? null,
      t.finishedAt === undefined ? 0 : 1, t.finishedAt ?? null,
      t.uid, t.expectedVersion,
    );
    if (changes !== 1) {
      const current = connection.prepare(SELECT_RUN).get(t.uid) as { namespace: string; name: string; resource_version: number } | undefined;
      throw missError(t, { index, size: transitions.length }, current);
    }
    versions.push(t.expectedVersion + 1);
  }
  if (upserts.length > 0) {
    const upsertNode = connection.prepare(UPSERT_NODE);
    for (const row of upserts) upsertNode.run(row.run_uid, row.node_id, row.phase, row.data);
  }
  if (deletes.size > 0) {
    const deleteNode = connection.prepare(DELETE_NODE);
    for (const [uid, ids] of deletes) for (const id of ids) deleteNode.run(uid, id);
  }
  return versions;
}
