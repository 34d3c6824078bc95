/**
 * The Store contract: one suite that every backend must pass. `sqlite.test.ts` and `postgres.test.ts`
 * call `registerStoreContract` with a harness for their backend; the tests themselves live in
 * `contract/<area>.ts`.
 */
import { describe } from 'node:test';
import { registerInputTests } from './contract/input.js';
import { registerLifecycleTests } from './contract/lifecycle.js';
import { registerResourceTests } from './contract/resources.js';
import { registerRunTests } from './contract/runs.js';
import type { StoreHarness } from './contract/harness.js';
import { registerTransitionTests } from './contract/transitions.js';

export type { FreshDatabase, StoreHarness } from './contract/harness.js';

/** Registers the whole Store contract for one backend. */
export function registerStoreContract(name: string, harness: StoreHarness): void {
  describe(`${name} store contract`, () => {
    describe('runs', () => registerRunTests(harness));
    describe('transitions', () => registerTransitionTests(harness));
    describe('resources', () => registerResourceTests(harness));
    describe('bad input', () => registerInputTests(harness));
    describe('lifecycle', () => registerLifecycleTests(harness));
  });
}
