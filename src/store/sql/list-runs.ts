import type { Backend } from '../backend.js';
import { checkKey } from '../check-values.js';
import { decodeRun, selectRuns } from '../decode-rows.js';
import type { RunFilter, StoredRun } from '../types.js';

/**
 * Runs matching every given criterion, newest first (created_at, then insertion order for runs created
 * in the same millisecond). An empty `phases` list matches nothing; an empty `labels` object matches all.
 */
export async function listRuns(backend: Backend, filter: RunFilter = {}): Promise<StoredRun[]> {
  const { namespace, phases, labels, limit } = filter;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new TypeError('listRuns: limit must be a non-negative integer');
  }
  if (phases?.length === 0 || limit === 0) return [];
  let query = selectRuns(backend);
  if (namespace !== undefined) query = query.where('namespace', '=', checkKey(namespace, 'namespace filter'));
  if (phases !== undefined) query = query.where('phase', 'in', phases.map((p) => checkKey(p, 'phase filter')));
  if (labels !== undefined && Object.keys(labels).length > 0) {
    for (const [key, value] of Object.entries(labels)) {
      checkKey(key, 'label filter key');
      checkKey(value, `label filter ${JSON.stringify(key)}`);
    }
    query = query.where(backend.labelsInclude(labels));
  }
  query = query.orderBy('created_at', 'desc').orderBy('seq', 'desc');
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.execute();
  return rows.map((row) => decodeRun(backend, row));
}
