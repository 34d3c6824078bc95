import type { StoredRun } from '../store/index.js';
import { apiWorkflowSummary } from './api-objects.js';

/**
 * The JSON of list items, keyed by run uid and valid for one resourceVersion: a run that did not change
 * since the last list is not rebuilt nor re-serialized (most runs in a list are finished and never
 * change). Bounded: the least recently used entries go first.
 */
export class SummaryCache {
  readonly #max: number;
  #entries = new Map<string, { version: number; json: string }>();

  constructor(max = 10_000) {
    this.#max = max;
  }

  /** The serialized list item of a stored run. */
  json(run: StoredRun): string {
    const hit = this.#entries.get(run.uid);
    if (hit && hit.version === run.resourceVersion) {
      // Re-insert to mark it recently used (Map keeps insertion order).
      this.#entries.delete(run.uid);
      this.#entries.set(run.uid, hit);
      return hit.json;
    }
    const json = JSON.stringify(apiWorkflowSummary(run));
    this.#entries.delete(run.uid);
    this.#entries.set(run.uid, { version: run.resourceVersion, json });
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return json;
  }
}
