/**
 * Argo evaluates `{{= }}` expressions against its flat variable map expanded into nested maps
 * (util/expr/env: expand.Expand): `inputs.parameters.foo` becomes inputs -> parameters -> foo, so
 * `inputs.parameters.foo` and `inputs.parameters['foo']` both read it. When a key is also the prefix
 * of a longer key (`a` and `a.b`), the less specific one is dropped, as Argo does.
 */
import { isForbiddenName } from './values.js';

/** Nested expression environment built from flat dotted variable names; the input is not modified. */
export function buildExprEnv(vars: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const env: Record<string, unknown> = {};
  const created = new WeakSet<object>([env]);
  // Sorted, a key comes before every longer key it prefixes, which then replaces it.
  for (const key of Object.keys(vars).sort()) {
    const path = key.split('.');
    // Such keys are unreachable from an expression anyway; skipping them keeps prototypes untouched.
    if (path.some((segment) => segment === '' || isForbiddenName(segment))) continue;
    let node = env;
    for (const segment of path.slice(0, -1)) {
      const child = Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (typeof child !== 'object' || child === null || !created.has(child)) {
        const fresh: Record<string, unknown> = {};
        created.add(fresh);
        node[segment] = fresh;
      }
      node = node[segment] as Record<string, unknown>;
    }
    node[path.at(-1)!] = vars[key];
  }
  return env;
}
