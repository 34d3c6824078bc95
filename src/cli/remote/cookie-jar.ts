/**
 * The few cookie rules the password login needs (RFC 6265 §5.3-5.4): cookies are kept per host, name
 * and path, sent to paths under their Path, and removed by Max-Age<=0 or an Expires in the past. The jar
 * lives for one login and is never written anywhere.
 */
interface Cookie {
  name: string;
  value: string;
  host: string;
  path: string;
  secure: boolean;
}

export class CookieJar {
  #cookies = new Map<string, Cookie>();

  /** Takes the Set-Cookie headers of a response to `url`. */
  store(url: URL, setCookie: string[] | string | undefined): void {
    for (const header of typeof setCookie === 'string' ? [setCookie] : setCookie ?? []) {
      const [pair = '', ...attrs] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const cookie: Cookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), host: url.hostname, path: defaultPath(url), secure: false };
      let expired = false;
      for (const attr of attrs) {
        const [k = '', v = ''] = attr.split('=').map((s) => s.trim());
        const key = k.toLowerCase();
        if (key === 'path' && v.startsWith('/')) cookie.path = v;
        else if (key === 'secure') cookie.secure = true;
        else if (key === 'max-age' && Number(v) <= 0) expired = true;
        else if (key === 'expires' && Date.parse(v) <= Date.now()) expired = true;
      }
      const id = `${cookie.host}\n${cookie.name}\n${cookie.path}`;
      if (expired) this.#cookies.delete(id);
      else this.#cookies.set(id, cookie);
    }
  }

  /** The Cookie header for a request to `url`, or undefined when no cookie applies. */
  header(url: URL): string | undefined {
    const matching = [...this.#cookies.values()]
      .filter((c) => c.host === url.hostname && pathMatches(url.pathname, c.path) && (!c.secure || url.protocol === 'https:'))
      .sort((a, b) => b.path.length - a.path.length);
    return matching.length > 0 ? matching.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }
}

function defaultPath(url: URL): string {
  const slash = url.pathname.lastIndexOf('/');
  return slash <= 0 ? '/' : url.pathname.slice(0, slash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}
