import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (RFC 7914). Stored form: `scrypt$N$r$p$<salt>$<hash>` (base64url), so the
 * cost can be raised later while old hashes still verify. N=2^15, r=8, p=3 is one of the equivalent
 * minimums of OWASP's Password Storage Cheat Sheet (32 MiB per hash; the p lanes run one after another,
 * so CPU time is that of N=2^17 without its 128 MiB). Hashing runs on libuv's thread pool, not the event loop.
 */
const COST = { N: 2 ** 15, r: 8, p: 3 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Bounds on stored parameters, so a tampered row cannot make one login allocate gigabytes. */
const MAX = { N: 2 ** 20, r: 16, p: 4 };

/** Hashes `password` with a fresh salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** True when `password` matches `encoded`; false for a wrong password or an unreadable hash. Constant-time compare. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.cost, parsed.hash.length);
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
}

function parseHash(encoded: string): { cost: typeof COST; salt: Buffer; hash: Buffer } | undefined {
  const parts = typeof encoded === 'string' ? encoded.split('$') : [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const valid = Number.isInteger(N) && N > 1 && N <= MAX.N && (N & (N - 1)) === 0
    && Number.isInteger(r) && r > 0 && r <= MAX.r && Number.isInteger(p) && p > 0 && p <= MAX.p;
  if (!valid) return undefined;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const hash = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { cost: { N, r, p }, salt, hash };
}

function derive(password: string, salt: Buffer, cost: typeof COST, length = KEY_BYTES): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}
