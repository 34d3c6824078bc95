/**
 * Keeps secret values out of audit details (DESIGN.md: secret values "never appear in ... the audit log").
 * Two nets, both by allow-list-friendly rules rather than guesses about values in general:
 *
 * - keys named like secrets: after lower-casing and dropping `-`, `_`, `.` and spaces, a key containing
 *   one of SECRET_KEY_WORDS (`password`, `token`, `clientsecret`, ...) is secret-looking, unless it ends
 *   in one of NAME_SUFFIXES: `secretName`, `secretNames`, `tokenId`, `tokenExpiresAt` are names or
 *   metadata, which the issue wants recorded ("secrets (names only)");
 * - values that are credentials whatever their key: a JWT (`eyJ...eyJ...`), a PEM private key.
 *
 * `refuse` throws ERR_AUDIT_SECRET_DETAIL naming the path (never the value); `strip` drops the member
 * (or array element) and lists the stripped paths, so the caller can record that something was removed.
 * A caller's redactor (the secrets domain knows the actual secret values) runs first, and its output goes
 * through the same nets.
 */
import { AuditError } from './errors.js';
import type { JsonObject, JsonValue } from './types.js';

const SECRET_KEY_WORDS = [
  'password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'apikey', 'privatekey', 'accesskey',
  'signingkey', 'credential', 'authorization', 'cookie', 'sessionid', 'bearer', 'otp', 'pin',
] as const;
const NAME_SUFFIXES = [
  'name', 'names', 'ref', 'refs', 'count', 'type', 'kind', 'ttl', 'expiresat', 'expiry', 'issuedat',
  'keyid', 'tokenid', 'path', 'paths', 'file', 'field', 'fields',
] as const;
// Words too short to search inside other words (`otp` in `footprint`, `pin` in `mapping`): whole key only.
const WHOLE_KEY_WORDS = new Set(['otp', 'pin', 'pwd']);
const JWT = /^eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;
const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

/** True when a details key is named like a secret (see the rules at the top of guard-details.ts). */
export function isSecretKey(key: string): boolean {
  const folded = key.toLowerCase().replace(/[-_. ]/g, '');
  if (NAME_SUFFIXES.some((suffix) => folded.endsWith(suffix))) return false;
  return SECRET_KEY_WORDS.some((word) => (WHOLE_KEY_WORDS.has(word) ? folded === word : folded.includes(word)));
}

/** True when a string value is a credential by its shape (a JWT, a PEM private key). */
export function isSecretValue(value: string): boolean {
  return JWT.test(value) || PRIVATE_KEY.test(value);
}

export interface GuardOptions {
  /** `refuse` (default): throw ERR_AUDIT_SECRET_DETAIL; `strip`: drop the member and report its path. */
  mode?: 'refuse' | 'strip';
  /** Runs before the checks, e.g. the secrets domain's redactor replacing known secret values. */
  redact?: (details: JsonObject) => JsonObject;
}

/** `details` without secret-looking members (strip) or unchanged (refuse, which throws on the first one). */
export function guardDetails(details: JsonObject, options: GuardOptions = {}): { details: JsonObject; stripped: string[] } {
  const redacted = options.redact ? options.redact(details) : details;
  const stripped: string[] = [];
  const mode = options.mode ?? 'refuse';
  const visit = (value: JsonValue, path: string): JsonValue | undefined => {
    if (typeof value === 'string') return isSecretValue(value) ? drop(path, 'looks like a token or private key') : value;
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      const out: JsonValue[] = [];
      value.forEach((item, i) => {
        const kept = visit(item, `${path}[${i}]`);
        if (kept !== undefined) out.push(kept);
      });
      return out;
    }
    const out: JsonObject = {};
    for (const [key, member] of Object.entries(value)) {
      const memberPath = `${path}.${key}`;
      const kept = isSecretKey(key) ? drop(memberPath, 'is named like a secret') : visit(member, memberPath);
      if (kept !== undefined) out[key] = kept;
    }
    return out;
  };
  const drop = (path: string, why: string): undefined => {
    if (mode === 'refuse') {
      throw new AuditError('ERR_AUDIT_SECRET_DETAIL', `audit ${path} ${why}; record names and ids only, never secret values`);
    }
    stripped.push(path);
    return undefined;
  };
  if (redacted === null || typeof redacted !== 'object' || Array.isArray(redacted)) {
    throw new AuditError('ERR_AUDIT_INVALID_RECORD', 'audit details: the redactor must return a JSON object');
  }
  return { details: visit(redacted, 'details') as JsonObject, stripped };
}
