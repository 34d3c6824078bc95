import { SecretError } from './errors.js';
import type { SecretLimits, SecretMeta, SecretOwner } from './types.js';

/**
 * Checks on everything `put` stores, each failing with ERR_SECRET_INVALID or ERR_SECRET_TOO_LARGE and a
 * message naming the secret and the field. Names follow Kubernetes: namespaces are DNS-1123 labels,
 * secret names DNS-1123 subdomains, data keys the ConfigMap/Secret key rule (`[-._a-zA-Z0-9]+`, not `.`,
 * `..` or `..`-prefixed) so that every key is also a safe file name when mounted as a volume.
 * Values are never quoted in a message, only their key and size.
 */
export const DEFAULT_LIMITS: SecretLimits = {
  // 64 KiB holds any token, password, key or certificate chain; an env var over 128 KiB fails exec anyway.
  maxValueBytes: 64 * 1024,
  // Kubernetes' limit for a whole Secret.
  maxSecretBytes: 1024 * 1024,
  maxKeys: 256,
};

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const LONE_SURROGATE = /\p{Cs}/u;
const MAX_META_BYTES = 64 * 1024;
const MAX_OWNER_PART = 1024;

const invalid = (message: string): SecretError => new SecretError('ERR_SECRET_INVALID', message);

/** `value` when it is a valid namespace. */
export function checkNamespace(value: unknown): string {
  if (typeof value !== 'string' || value.length > 63 || !DNS1123_LABEL.test(value)) {
    throw invalid(`namespace ${quote(value)} is not valid: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit`);
  }
  return value;
}

/** `value` when it is a valid secret name. */
export function checkSecretName(value: unknown): string {
  if (typeof value !== 'string' || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    throw invalid(`secret name ${quote(value)} is not valid: use at most 253 lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit`);
  }
  return value;
}

/** Why `key` is not a valid data key, or undefined when it is. */
export function dataKeyProblem(key: string): string | undefined {
  if (key.length === 0 || key.length > 253) return 'must be 1 to 253 characters';
  if (!DATA_KEY.test(key)) return "may contain only letters, digits, '-', '_' and '.'";
  if (key === '.' || key === '..' || key.startsWith('..')) return "must not be '.' or '..' or start with '..' (it becomes a file name)";
  return undefined;
}

/** Checks `data` against the key rules and `limits`; returns its entries sorted by key. */
export function checkSecretData(data: unknown, limits: SecretLimits, where: string): [string, string][] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalid(`${where}: data must be an object of string values`);
  const entries = Object.entries(data as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length > limits.maxKeys) {
    throw new SecretError('ERR_SECRET_TOO_LARGE', `${where}: ${entries.length} data keys; a secret holds at most ${limits.maxKeys}`);
  }
  let total = 0;
  for (const [key, value] of entries) {
    const problem = dataKeyProblem(key);
    if (problem !== undefined) throw invalid(`${where}: data key ${quote(key)} is not valid: it ${problem}`);
    if (typeof value !== 'string') throw invalid(`${where}: the value of '${key}' must be a string, got ${value === null ? 'null' : typeof value}`);
    if (value.includes('\0')) throw invalid(`${where}: the value of '${key}' contains a NUL character, which no environment variable can carry`);
    if (LONE_SURROGATE.test(value)) throw invalid(`${where}: the value of '${key}' contains a lone UTF-16 surrogate and is not valid text`);
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > limits.maxValueBytes) {
      throw new SecretError('ERR_SECRET_TOO_LARGE', `${where}: the value of '${key}' is ${bytes} bytes; a value may be at most ${limits.maxValueBytes}`);
    }
    total += bytes + Buffer.byteLength(key, 'utf8');
  }
  if (total > limits.maxSecretBytes) {
    throw new SecretError('ERR_SECRET_TOO_LARGE', `${where}: keys and values total ${total} bytes; a secret may be at most ${limits.maxSecretBytes}`);
  }
  return entries as [string, string][];
}

/** A validated copy of an owner. */
export function checkOwner(owner: unknown): SecretOwner {
  const o = owner as { issuer?: unknown; subject?: unknown };
  for (const field of ['issuer', 'subject'] as const) {
    const v = typeof owner === 'object' && owner !== null ? o[field] : undefined;
    if (typeof v !== 'string' || v === '' || v.length > MAX_OWNER_PART || v.includes('\0')) {
      throw invalid(`owner.${field} must be a non-empty string of at most ${MAX_OWNER_PART} characters (the authenticated token's ${field === 'issuer' ? 'iss' : 'sub'})`);
    }
  }
  return { issuer: o.issuer as string, subject: o.subject as string };
}

/** Validated labels and annotations (Kubernetes syntax for label keys and values). */
export function checkMeta(meta: SecretMeta, where: string): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels = checkStringMap(meta.labels, `${where}: labels`, (v) => v.length <= 63 && LABEL_VALUE.test(v));
  const annotations = checkStringMap(meta.annotations, `${where}: annotations`, () => true);
  const size = Buffer.byteLength(JSON.stringify([labels, annotations]));
  if (size > MAX_META_BYTES) throw new SecretError('ERR_SECRET_TOO_LARGE', `${where}: labels and annotations total ${size} bytes; at most ${MAX_META_BYTES}`);
  return { labels, annotations };
}

function checkStringMap(map: unknown, where: string, valueOk: (v: string) => boolean): Record<string, string> {
  if (map === undefined) return {};
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw invalid(`${where} must be an object of strings`);
  const entries = Object.entries(map as Record<string, unknown>);
  for (const [k, v] of entries) {
    if (k.length > 317 || !QUALIFIED_NAME.test(k)) throw invalid(`${where}: key ${quote(k)} is not a valid name ([prefix/]name)`);
    if (typeof v !== 'string' || !valueOk(v)) throw invalid(`${where}: the value of ${quote(k)} is not valid`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** A short, printable rendering of a name for messages (names are never secret, but may be hostile). */
function quote(value: unknown): string {
  if (typeof value !== 'string') return `(${value === null ? 'null' : typeof value})`;
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  return `'${shown.slice(1, -1)}'`;
}
