/**
 * Go time conventions that Argo expressions expose: layout-based formatting (sprig `date`, whose layout
 * is the reference time "Mon Jan 2 15:04:05 MST 2006"), duration strings ("1h30m") and RFC 3339 parsing.
 * Times are handled in UTC: this domain has no access to the host's time zone.
 */
import { ExprError } from './errors.js';
import { ExprDuration } from './values.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

// Longest tokens first: "2006" before "2", "January" before "Jan", "Z07:00" before "Z".
const LAYOUT_TOKENS: [string, (t: Date) => string][] = [
  ['January', (t) => MONTHS[t.getUTCMonth()]!],
  ['Monday', (t) => DAYS[t.getUTCDay()]!],
  ['Z07:00', () => 'Z'],
  ['-07:00', () => '+00:00'],
  ['-0700', () => '+0000'],
  ['2006', (t) => pad(t.getUTCFullYear(), 4)],
  ['.000', (t) => `.${pad(t.getUTCMilliseconds(), 3)}`],
  ['Jan', (t) => MONTHS[t.getUTCMonth()]!.slice(0, 3)],
  ['Mon', (t) => DAYS[t.getUTCDay()]!.slice(0, 3)],
  ['MST', () => 'UTC'],
  ['_2', (t) => String(t.getUTCDate()).padStart(2, ' ')],
  ['01', (t) => pad(t.getUTCMonth() + 1)],
  ['02', (t) => pad(t.getUTCDate())],
  ['03', (t) => pad(t.getUTCHours() % 12 || 12)],
  ['04', (t) => pad(t.getUTCMinutes())],
  ['05', (t) => pad(t.getUTCSeconds())],
  ['06', (t) => pad(t.getUTCFullYear() % 100)],
  ['15', (t) => pad(t.getUTCHours())],
  ['PM', (t) => (t.getUTCHours() >= 12 ? 'PM' : 'AM')],
  ['pm', (t) => (t.getUTCHours() >= 12 ? 'pm' : 'am')],
  ['1', (t) => String(t.getUTCMonth() + 1)],
  ['2', (t) => String(t.getUTCDate())],
  ['3', (t) => String(t.getUTCHours() % 12 || 12)],
  ['4', (t) => String(t.getUTCMinutes())],
  ['5', (t) => String(t.getUTCSeconds())],
];

/** Formats `t` (in UTC) with a Go layout string such as "2006-01-02T15:04:05Z07:00". */
export function formatGoLayout(t: Date, layout: string): string {
  let out = '';
  let i = 0;
  while (i < layout.length) {
    const hit = LAYOUT_TOKENS.find(([token]) => layout.startsWith(token, i));
    if (hit) {
      out += hit[1](t);
      i += hit[0].length;
    } else {
      out += layout[i];
      i++;
    }
  }
  return out;
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Go duration string ("300ms", "1h30m", "-1.5h") into an ExprDuration. */
export function parseGoDuration(fn: string, text: string): ExprDuration {
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (text === '0') return new ExprDuration(0);
  if (!m) throw new ExprError('ERR_EXPR_EVAL', `${fn}: invalid duration string`);
  let ms = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    ms += Number(part[1]) * UNIT_MS[part[2]!]!;
  }
  return new ExprDuration(m[1] === '-' ? -ms : ms);
}

/** Parses RFC 3339 / ISO 8601 date-time text (the form Argo puts in workflow variables). */
export function parseTime(fn: string, text: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([Zz]|[+-]\d{2}:?\d{2})?)?$/.exec(text.trim());
  // A time without a zone is UTC here; the host's local zone must not leak into a pure evaluation.
  const zone = (m?.[3] ?? 'Z').replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const t = m ? new Date(m[2] === undefined ? m[1]! : `${m[1]}T${m[2]}${zone}`) : null;
  if (t === null || Number.isNaN(t.getTime())) throw new ExprError('ERR_EXPR_EVAL', `${fn}: invalid RFC 3339 time`);
  return t;
}
