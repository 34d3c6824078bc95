import type { Backend } from '../backend.js';
import { encodeTransition, type EncodedTransition, type NodeRow } from '../encode-rows.js';
import type { RunTransition } from '../types.js';
import { commitTransitionsSync } from './commit-transitions-sqlite.js';
import { deleteNodes } from './delete-nodes.js';
import { updateRuns } from './update-runs.js';
import { upsertNodes } from './upsert-nodes.js';

/**
 * Applies transitions in one transaction, all or none: first every run row moves to its next version
 * (any stale version aborts the lot; see update-runs.ts), then the node writes of the whole batch go out together. Node
 * writes are merged first, in transition order, so the result is what applying the transitions one by one
 * would give (a node upserted then deleted ends deleted, and the other way round) while the upserts need
 * only a few multi-row statements. On SQLite the same writes run synchronously on better-sqlite3
 * (commit-transitions-sqlite.ts), which costs a fifth of the Kysely path per commit.
 */
export async function commitTransitions(backend: Backend, transitions: readonly RunTransition[]): Promise<number[]> {
  if (!Array.isArray(transitions)) throw new TypeError('commitTransitions expects an array of transitions');
  if (transitions.length === 0) return [];
  const encoded = transitions.map(encodeTransition);
  const { upserts, deletes } = mergeNodeWrites(encoded);
  if (backend.writeSync) return backend.writeSync((connection) => commitTransitionsSync(connection, encoded, upserts, deletes));
  return backend.write(async (trx) => {
    const versions = await updateRuns(backend, trx, encoded);
    await upsertNodes(trx, upserts);
    for (const [uid, ids] of deletes) await deleteNodes(trx, uid, ids);
    return versions;
  });
}

/** The net node writes of a batch: one upsert or delete per (run, node), the last one given winning. */
function mergeNodeWrites(transitions: readonly EncodedTransition[]): { upserts: NodeRow[]; deletes: Map<string, string[]> } {
  const byRun = new Map<string, Map<string, NodeRow | null>>();
  for (const t of transitions) {
    let nodes = byRun.get(t.uid);
    if (!nodes) byRun.set(t.uid, (nodes = new Map()));
    for (const row of t.upserts) nodes.set(row.node_id, row);
    for (const id of t.deletes) nodes.set(id, null);
  }
  const upserts: NodeRow[] = [];
  const deletes = new Map<string, string[]>();
  for (const [uid, nodes] of byRun) {
    const gone: string[] = [];
    for (const [id, row] of nodes) {
      if (row) upserts.push(row);
      else gone.push(id);
    }
    if (gone.length > 0) deletes.set(uid, gone);
  }
  return { upserts, deletes };
}
