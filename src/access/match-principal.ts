/**
 * Which subject buckets a principal falls into. The rules (docs/authorization.md, "Subjects"):
 * - `user: X` matches a principal of kind user whose username is X (usernames carry the issuer's
 *   claimPrefix, so `corp:alice` and `alice` are different people). Service accounts and tasks never
 *   match a user subject, even if their username happens to equal it.
 * - `group: G` matches any principal with G in its groups.
 * - `serviceaccount: {namespace: N, name: S}` matches a principal of kind serviceaccount or task whose
 *   username is exactly `system:serviceaccount:N:S` (Kubernetes' form; Keyflow's own issuer gives task
 *   tokens and service-account clients that username; an external issuer can only produce it without a
 *   claimPrefix, which is why every external issuer should have one).
 * - `claim: {name: C, value: V}` matches when the top-level claim C equals V (same type and value), or
 *   is an array with an element equal to V. Claim names are read as own keys only.
 */
import type { ClaimValue, Principal } from './types.js';
import type { SubjectBuckets } from './index-data.js';

export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

export type SubjectKind = 'user' | 'group' | 'serviceaccount' | 'claim';

/** Called with each entry whose subject matches; a non-undefined result stops the walk. */
export type EntryVisitor<V, C, R> = (entry: V, ctx: C, kind: SubjectKind, key: string, value?: ClaimValue) => R | undefined;

/** `<namespace>:<name>` when the principal is a service account (or a task running as one), else undefined. */
export function serviceAccountKey(principal: Principal): string | undefined {
  if (principal.kind === 'user' || !principal.username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  return principal.username.slice(SERVICE_ACCOUNT_PREFIX.length);
}

/** Walks every entry of `buckets` the principal matches, in the order user, groups, service account, claims. */
export function visitMatchingEntries<V, C, R>(
  buckets: SubjectBuckets<V>, principal: Principal, visit: EntryVisitor<V, C, R>, ctx: C,
): R | undefined {
  let result: R | undefined;
  if (principal.kind === 'user' && buckets.users.size !== 0) {
    const entry = buckets.users.get(principal.username);
    if (entry !== undefined && (result = visit(entry, ctx, 'user', principal.username)) !== undefined) return result;
  }
  if (buckets.groups.size !== 0) {
    for (const group of principal.groups) {
      const entry = buckets.groups.get(group);
      if (entry !== undefined && (result = visit(entry, ctx, 'group', group)) !== undefined) return result;
    }
  }
  if (buckets.serviceAccounts.size !== 0) {
    const key = serviceAccountKey(principal);
    const entry = key === undefined ? undefined : buckets.serviceAccounts.get(key);
    if (entry !== undefined && (result = visit(entry, ctx, 'serviceaccount', key!)) !== undefined) return result;
  }
  if (buckets.claims.size !== 0) return visitClaims(buckets, principal, visit, ctx);
  return undefined;
}

function visitClaims<V, C, R>(buckets: SubjectBuckets<V>, principal: Principal, visit: EntryVisitor<V, C, R>, ctx: C): R | undefined {
  const claims = principal.claims;
  let result: R | undefined;
  for (const [name, byValue] of buckets.claims) {
    if (!Object.hasOwn(claims, name)) continue;
    const value = claims[name];
    if (Array.isArray(value)) {
      // Set semantics: an element repeated in the token must not visit the same entry twice.
      const seen = value.length > 1 ? new Set<unknown>() : undefined;
      for (const element of value) {
        if (seen !== undefined) {
          if (seen.has(element)) continue;
          seen.add(element);
        }
        const entry = byValue.get(element as ClaimValue);
        if (entry !== undefined && (result = visit(entry, ctx, 'claim', name, element as ClaimValue)) !== undefined) return result;
      }
    } else {
      const entry = byValue.get(value as ClaimValue);
      if (entry !== undefined && (result = visit(entry, ctx, 'claim', name, value as ClaimValue)) !== undefined) return result;
    }
  }
  return undefined;
}

/** `user alice`, `group devs`, `serviceaccount ci/bot`, `claim email="bob@example.com"`. */
export function describeSubject(kind: SubjectKind, key: string, value?: ClaimValue): string {
  switch (kind) {
    case 'serviceaccount': return `serviceaccount ${key.replace(':', '/')}`;
    case 'claim': return `claim ${key}=${JSON.stringify(value)}`;
    default: return `${kind} ${key}`;
  }
}
