/**
 * Which subject buckets a principal falls into. The rules (docs/authorization.md, "Subjects"):
 * - `user: X` matches a principal of kind user whose username is X (usernames carry the issuer's
 *   claimPrefix, so `corp:alice` and `alice` are different people). Service accounts and tasks never
 *   match a user subject, even if their username happens to equal it.
 * - `group: G` matches any principal with G in its groups.
 * - `serviceaccount: {namespace: N, name: S}` matches a principal of kind serviceaccount or task that is
 *   that account: its username is exactly `system:serviceaccount:N:S` (Kubernetes' form, the `sub` of
 *   task tokens), or its token came from one of the index's `serviceAccountIssuers` (Keyflow's own
 *   issuer) and carries the claim `keyflow_serviceaccount: {namespace: N, name: S}` (the built-in IdP's
 *   service-account clients). The claim is ignored from any other issuer; an external issuer can only
 *   produce the username form without a claimPrefix, which is why every external issuer should have one.
 * - `claim: {name: C, value: V}` matches when the top-level claim C equals V (same type and value), or
 *   is an array with an element equal to V. Claim names are read as own keys only.
 */
import type { ClaimValue, Principal } from './types.js';
import type { SubjectBuckets } from './index-data.js';

export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';
/** The claim by which Keyflow's own issuer names the service account of a client-credentials token. */
export const SERVICE_ACCOUNT_CLAIM = 'keyflow_serviceaccount';

export type SubjectKind = 'user' | 'group' | 'serviceaccount' | 'claim';

/** Called with each entry whose subject matches; a non-undefined result stops the walk. */
export type EntryVisitor<V, C, R> = (entry: V, ctx: C, kind: SubjectKind, key: string, value?: ClaimValue) => R | undefined;

/** `<namespace>:<name>` when the principal is a service account (or a task running as one), else undefined. */
export function serviceAccountKey(principal: Principal, trustedIssuers: ReadonlySet<string>): string | undefined {
  if (principal.kind === 'user') return undefined;
  if (principal.username.startsWith(SERVICE_ACCOUNT_PREFIX)) return principal.username.slice(SERVICE_ACCOUNT_PREFIX.length);
  if (trustedIssuers.size === 0 || !trustedIssuers.has(principal.issuer) || !Object.hasOwn(principal.claims, SERVICE_ACCOUNT_CLAIM)) return undefined;
  const claim = principal.claims[SERVICE_ACCOUNT_CLAIM];
  if (typeof claim !== 'object' || claim === null || !Object.hasOwn(claim, 'namespace') || !Object.hasOwn(claim, 'name')) return undefined;
  const { namespace, name } = claim as { namespace: unknown; name: unknown };
  // Names are DNS labels, so a ':' in either would be a forgery of another account's key.
  if (typeof namespace !== 'string' || typeof name !== 'string' || namespace.includes(':') || name.includes(':')) return undefined;
  return `${namespace}:${name}`;
}

/**
 * Walks every entry of `buckets` the principal matches, in the order user, groups, service account,
 * claims. `serviceAccount` is serviceAccountKey() of the principal, computed once per request.
 */
export function visitMatchingEntries<V, C, R>(
  buckets: SubjectBuckets<V>, principal: Principal, serviceAccount: string | undefined, visit: EntryVisitor<V, C, R>, ctx: C,
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
  if (serviceAccount !== undefined && buckets.serviceAccounts.size !== 0) {
    const entry = buckets.serviceAccounts.get(serviceAccount);
    if (entry !== undefined && (result = visit(entry, ctx, 'serviceaccount', serviceAccount)) !== undefined) return result;
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
