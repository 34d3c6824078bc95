/** A form found on the identity provider's page: where it posts and its prefilled fields. */
export interface HtmlForm {
  action: string;
  method: string;
  fields: Record<string, string>;
  /** Names of every input, including empty ones (to tell a login form from a consent form). */
  inputs: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'", '#x2F': '/', '#47': '/' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (ENTITIES[name] !== undefined) return ENTITIES[name];
    if (/^#x/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return whole;
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!(name in out)) out[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/**
 * The forms of an HTML page, read just well enough to fill in the IdP's own login form (hidden fields
 * such as CSRF tokens are kept). Pages are small and first-party; this is not a general HTML parser.
 */
export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(m[1] ?? '');
    const fields: Record<string, string> = {};
    const inputs: string[] = [];
    for (const input of (m[2] ?? '').matchAll(/<(input|button)\b([^>]*)>/gi)) {
      const a = attributes(input[2] ?? '');
      if (!a.name) continue;
      inputs.push(a.name);
      const type = (a.type ?? 'text').toLowerCase();
      if (input[1]?.toLowerCase() === 'input' && type !== 'submit' && type !== 'checkbox' && type !== 'radio') fields[a.name] = a.value ?? '';
    }
    forms.push({ action: attrs.action ?? '', method: (attrs.method ?? 'get').toLowerCase(), fields, inputs });
  }
  return forms;
}

/** A short visible message from a page (an error paragraph or its title), for login failures. */
export function pageMessage(html: string): string | undefined {
  const pick = /<(?:p|div|span)\b[^>]*class\s*=\s*["'][^"']*(?:error|alert|message)[^"']*["'][^>]*>([\s\S]*?)<\/(?:p|div|span)>/i.exec(html)
    ?? /<title>([\s\S]*?)<\/title>/i.exec(html);
  const text = pick?.[1]?.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text ? decodeEntities(text).slice(0, 200) : undefined;
}
