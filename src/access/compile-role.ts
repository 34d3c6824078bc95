import { expandActionPattern, type Action } from './action-catalog.js';
import type { CompiledRole } from './index-data.js';
import type { Role } from './types.js';

/** How specific a pattern is: an exact action beats `resource:*`, which beats `*`. */
function specificity(pattern: string): number {
  if (pattern === '*') return 0;
  return pattern.endsWith(':*') ? 1 : 2;
}

/**
 * Expands a role's patterns into concrete actions, each remembering the most specific pattern that
 * grants it, so that a reason can say `workflow:get` rather than `*` when the role lists both.
 */
export function compileRole(role: Role): CompiledRole {
  const rules = new Map<Action, string>();
  for (const pattern of role.actions) {
    for (const action of expandActionPattern(pattern)) {
      const known = rules.get(action);
      if (known === undefined || specificity(pattern) > specificity(known)) rules.set(action, pattern);
    }
  }
  const byRule = new Map<string, Action[]>();
  for (const [action, pattern] of rules) {
    const actions = byRule.get(pattern);
    if (actions) actions.push(action);
    else byRule.set(pattern, [action]);
  }
  return { role, rules, groups: [...byRule].map(([rule, actions]) => ({ rule, actions })) };
}
