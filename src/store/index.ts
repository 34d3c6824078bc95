/**
 * Public surface of the store domain: durable runs, nodes and resources behind one Store interface, on
 * SQLite (embedded default) or PostgreSQL. See docs/store.md.
 */
export type { Store, StoredRun, StoredNode, StoredResource, RunTransition, RunFilter, ResourceFilter } from './types.js';
export type { OpenStoreOptions } from './open-backend.js';
export { openStore } from './open-store.js';
export { StoreError, type StoreErrorCode } from './errors.js';
