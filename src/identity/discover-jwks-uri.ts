import { IdentityError } from './errors.js';
import { requireSecureUrl } from './resolve-issuers.js';

/** Discovery documents are small; anything bigger is not one. */
const MAX_DISCOVERY_BYTES = 512 * 1024;
const DISCOVERY_TIMEOUT_MS = 5000;

/**
 * The `jwks_uri` of `issuer`, from `${issuer}/.well-known/openid-configuration` (OpenID Connect Discovery
 * 1.0 §4). The document must name exactly this issuer (§4.3), and redirects are not followed. Failures are
 * ERR_AUTH_ISSUER_UNAVAILABLE.
 */
export async function discoverJwksUri(issuer: string, fetchImpl: typeof fetch): Promise<string> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let text: string;
  try {
    const response = await fetchImpl(url, {
      method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
      headers: { accept: 'application/json' },
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      throw unavailable(issuer, `its discovery document answered HTTP ${response.status}`);
    }
    text = await readCapped(response, MAX_DISCOVERY_BYTES);
  } catch (err) {
    if (err instanceof IdentityError) throw err;
    throw unavailable(issuer, `its discovery document could not be fetched (${describeFetchError(err)})`, err);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw unavailable(issuer, 'its discovery document is not JSON');
  }
  const { issuer: named, jwks_uri: jwksUri } = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  if (named !== issuer) {
    throw unavailable(issuer, `its discovery document names issuer ${JSON.stringify(String(named).slice(0, 200))}`);
  }
  if (typeof jwksUri !== 'string') throw unavailable(issuer, 'its discovery document has no jwks_uri');
  try {
    return requireSecureUrl(jwksUri, 'jwks_uri');
  } catch (err) {
    throw unavailable(issuer, (err as Error).message);
  }
}

async function readCapped(response: Response, max: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > max) throw new Error(`response is larger than ${max} bytes`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!response.body) return '';
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) throw new Error(`response is larger than ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A fetch failure in words, without the URL's query or credentials (fetch errors carry only a cause code). */
export function describeFetchError(err: unknown): string {
  const cause = (err as { cause?: { code?: string } }).cause;
  if (cause?.code) return cause.code;
  if ((err as Error).name === 'TimeoutError') return 'timed out';
  return (err as Error).message ?? String(err);
}

function unavailable(issuer: string, why: string, cause?: unknown): IdentityError {
  return new IdentityError('ERR_AUTH_ISSUER_UNAVAILABLE', `cannot verify tokens of issuer ${issuer}: ${why}`, { cause });
}
