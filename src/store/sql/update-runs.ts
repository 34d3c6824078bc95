import { sql } from 'kysely';
import type { Backend, Db } from '../backend.js';
import type { EncodedTransition } from '../encode-rows.js';
import { explainMiss, updateRun } from './update-run.js';

/**
 * Moves the run rows of a batch to their next versions with one UPDATE ... FROM (VALUES ...) per chunk
 * instead of one statement per transition (on PostgreSQL each statement is a network round trip).
 *
 * Transitions of the same run are first folded into one row update: they must chain (each expecting the
 * version the previous one produces), the last phase and state win, and startedAt/finishedAt take the last
 * value given. A batch whose transitions do not chain would fail anyway; it goes through the
 * one-by-one path, which names the first transition that conflicts.
 */
interface RunUpdate {
  uid: string;
  firstIndex: number;
  expected: number;
  next: number;
  phase: string;
  state: string;
  startedAt: string | null | undefined;
  finishedAt: string | null | undefined;
}

const CHUNK_SIZES = [256, 64, 16, 4, 1] as const;

/** Applies the run-row part of `transitions`; returns each transition's new version, in order. */
export async function updateRuns(backend: Backend, trx: Db, transitions: readonly EncodedTransition[]): Promise<number[]> {
  const updates = foldByRun(transitions);
  if (!updates) {
    const versions: number[] = [];
    for (const [index, t] of transitions.entries()) versions.push(await updateRun(trx, t, { index, size: transitions.length }));
    return versions;
  }
  const moved = new Set<string>();
  let start = 0;
  for (const size of CHUNK_SIZES) {
    while (updates.length - start >= size) {
      const rows = await updateChunk(backend, trx, updates.slice(start, start + size));
      for (const row of rows) moved.add(row.uid);
      start += size;
    }
  }
  // Report the first stale transition in batch order, as the one-by-one path would.
  const missed = updates.filter((u) => !moved.has(u.uid)).sort((a, b) => a.firstIndex - b.firstIndex)[0];
  if (missed) {
    throw await explainMiss(trx, transitions[missed.firstIndex]!, { index: missed.firstIndex, size: transitions.length });
  }
  return transitions.map((t) => t.expectedVersion + 1);
}

/** One update per run, or undefined when some run's transitions do not chain. */
function foldByRun(transitions: readonly EncodedTransition[]): RunUpdate[] | undefined {
  const byUid = new Map<string, RunUpdate>();
  for (const [index, t] of transitions.entries()) {
    const seen = byUid.get(t.uid);
    if (!seen) {
      byUid.set(t.uid, { uid: t.uid, firstIndex: index, expected: t.expectedVersion, next: t.expectedVersion + 1,
        phase: t.phase, state: t.state, startedAt: t.startedAt, finishedAt: t.finishedAt });
      continue;
    }
    if (t.expectedVersion !== seen.next) return undefined;
    seen.next += 1;
    seen.phase = t.phase;
    seen.state = t.state;
    if (t.startedAt !== undefined) seen.startedAt = t.startedAt;
    if (t.finishedAt !== undefined) seen.finishedAt = t.finishedAt;
  }
  // One lock order for every writer (by uid) keeps two batches sharing runs from deadlocking.
  return [...byUid.values()].sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
}

async function updateChunk(backend: Backend, trx: Db, updates: readonly RunUpdate[]): Promise<Array<{ uid: string }>> {
  const int = (value: number) => backend.typedParam(value, 'integer');
  const rows = sql.join(updates.map((u) => sql`(${u.uid}, ${int(u.expected)}, ${int(u.next)}, ${u.phase}, ${backend.typedParam(u.state, 'json')},
    ${int(u.startedAt === undefined ? 0 : 1)}, ${backend.typedParam(u.startedAt ?? null, 'time')},
    ${int(u.finishedAt === undefined ? 0 : 1)}, ${backend.typedParam(u.finishedAt ?? null, 'time')})`));
  const result = await sql<{ uid: string }>`
    with v (uid, expected, next, phase, state, set_started, started_at, set_finished, finished_at) as (values ${rows})
    update runs set
      phase = v.phase,
      state = v.state,
      resource_version = v.next,
      started_at = case when v.set_started = 1 then v.started_at else runs.started_at end,
      finished_at = case when v.set_finished = 1 then v.finished_at else runs.finished_at end
    from v
    where runs.uid = v.uid and runs.resource_version = v.expected
    returning runs.uid`.execute(trx);
  return result.rows;
}
