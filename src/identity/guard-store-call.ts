import { errors } from 'oidc-provider';

/**
 * Runs a store operation on behalf of oidc-provider. oidc-provider shows any error with `expose: true` to
 * the client as an OAuth error named by its message, and KeyflowErrors below 500 carry `expose: true`; so
 * store failures are translated here: an unstorable value (a NUL character in a request parameter) becomes
 * a proper `invalid_request`, anything else a plain Error, which oidc-provider reports as `server_error`
 * (and emits, so the IdP's onError sees it) without showing internals.
 */
export async function guardStoreCall<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_STORE_INVALID_VALUE') {
      throw new errors.InvalidRequest('request parameters must not contain NUL characters');
    }
    throw new Error(`the identity provider could not use the store: ${(err as Error).message}`, { cause: err });
  }
}
