import type { Store } from '../store/index.js';
import { IdentityError } from './errors.js';
import { hashPassword, verifyPassword } from './hash-password.js';

/**
 * Users of the built-in IdP, in the store's generic resources table. The password hash lives in its own
 * resource kind so that listing users (a future `keyflow get users`) can never carry hashes along.
 */
export const USER_KIND = 'keyflow.dev/User';
export const PASSWORD_KIND = 'keyflow.dev/UserPassword';

export interface User {
  username: string;
  groups: string[];
  email?: string;
}

/** Letters, digits and . _ @ + - ; starts with a letter or digit. Case-sensitive. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;
const GROUP_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:._@/+-]{0,127}$/;
export const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 1024;

/** Validates and stores a new user; ERR_AUTH_ALREADY_EXISTS when the name is taken. */
export async function createUser(store: Store, input: { username: string; password: string; groups?: string[]; email?: string }): Promise<void> {
  const user = checkUser(input);
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const spec: Record<string, unknown> = { groups: user.groups, ...(user.email ? { email: user.email } : {}) };
  try {
    // Claiming the name first: a concurrent create of the same user fails here, before any hash is written.
    await store.putResource({
      kind: USER_KIND, namespace: '', name: user.username, expectedVersion: 0,
      manifest: { apiVersion: 'keyflow.dev/v1', kind: 'User', metadata: { name: user.username }, spec },
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_STORE_ALREADY_EXISTS') {
      throw new IdentityError('ERR_AUTH_ALREADY_EXISTS', `user ${JSON.stringify(user.username)} already exists`);
    }
    throw err;
  }
  await store.putResource({
    kind: PASSWORD_KIND, namespace: '', name: user.username,
    manifest: { apiVersion: 'keyflow.dev/v1', kind: 'UserPassword', metadata: { name: user.username }, passwordHash },
  });
}

/** The user named `username`, or undefined. */
export async function findUser(store: Store, username: string): Promise<User | undefined> {
  if (!NAME_PATTERN.test(username)) return undefined;
  const resource = await store.getResource(USER_KIND, '', username);
  if (!resource) return undefined;
  const spec = (resource.manifest.spec ?? {}) as { groups?: unknown; email?: unknown };
  const groups = Array.isArray(spec.groups) ? spec.groups.filter((g): g is string => typeof g === 'string') : [];
  return { username, groups, ...(typeof spec.email === 'string' ? { email: spec.email } : {}) };
}

/** True when at least one user exists. */
export async function hasUsers(store: Store): Promise<boolean> {
  return (await store.listResources({ kind: USER_KIND })).length > 0;
}

/**
 * Checks passwords. An unknown user costs the same scrypt work as a known one (against a dummy hash made
 * once per instance), so response time does not tell which user names exist.
 */
export class PasswordChecker {
  readonly #store: Store;
  #dummyHash: Promise<string> | undefined;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The user when `password` is theirs, else undefined. */
  async authenticate(username: string, password: string): Promise<User | undefined> {
    const user = await findUser(this.#store, username);
    const stored = user ? await this.#store.getResource(PASSWORD_KIND, '', username) : undefined;
    const hash = stored?.manifest.passwordHash;
    if (typeof hash !== 'string' || password.length > MAX_PASSWORD_LENGTH) {
      this.#dummyHash ??= hashPassword('keyflow-dummy-password');
      await verifyPassword(password.slice(0, MAX_PASSWORD_LENGTH), await this.#dummyHash);
      return undefined;
    }
    return (await verifyPassword(password, hash)) ? user : undefined;
  }
}

function checkUser(input: { username: unknown; groups?: unknown; email?: unknown }): User {
  if (typeof input !== 'object' || input === null) throw new TypeError('createUser: expected { username, password, groups?, email? }');
  const { username, groups = [], email } = input;
  if (typeof username !== 'string' || !NAME_PATTERN.test(username)) {
    throw bad('username must be 1-128 characters: letters, digits and . _ @ + -, starting with a letter or digit');
  }
  if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string' && GROUP_PATTERN.test(g))) {
    throw bad('groups must be names of 1-128 characters: letters, digits and : . _ @ / + -, starting with a letter or digit');
  }
  if (email !== undefined && (typeof email !== 'string' || email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email))) {
    throw bad('email must be an address such as alice@example.com');
  }
  return { username, groups: [...new Set(groups as string[])], ...(email ? { email: email as string } : {}) };
}

/** ERR_AUTH_INVALID_INPUT unless `password` has MIN_PASSWORD_LENGTH to 1024 characters. */
export function checkPassword(password: unknown): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw bad(`password must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
  }
}

function bad(why: string): IdentityError {
  return new IdentityError('ERR_AUTH_INVALID_INPUT', why);
}
