import { ServerError } from './errors.js';

/**
 * Kubernetes label selectors (`a=b,c!=d,e,!f,g in (x,y),h notin (z)`), as Argo's `listOptions.labelSelector`.
 * Parsed once per request into requirements; matching is a pure function of a label map.
 */
export type Requirement =
  | { key: string; op: 'eq' | 'ne'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'absent' };

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const SET = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/;
const BINARY = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/;

/** Splits on commas that are not inside a set's parentheses. */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function bad(field: string, part: string, why: string): ServerError {
  return new ServerError('ERR_SERVER_BAD_REQUEST', `${field}: cannot use '${part}': ${why}`);
}

function checkKey(field: string, part: string, key: string): string {
  if (!KEY.test(key)) throw bad(field, part, `'${key}' is not a valid label key`);
  return key;
}

function checkValue(field: string, part: string, value: string): string {
  if (!VALUE.test(value)) throw bad(field, part, `'${value}' is not a valid label value`);
  return value;
}

function parseRequirement(field: string, part: string): Requirement {
  const set = SET.exec(part);
  if (set) {
    const values = (set[3] ?? '').split(',').map((v) => checkValue(field, part, v.trim()));
    return { key: checkKey(field, part, set[1] ?? ''), op: set[2] as 'in' | 'notin', values };
  }
  const binary = BINARY.exec(part);
  if (binary) {
    return { key: checkKey(field, part, binary[1] ?? ''), op: binary[2] === '!=' ? 'ne' : 'eq', value: checkValue(field, part, binary[3] ?? '') };
  }
  if (part.startsWith('!')) return { key: checkKey(field, part, part.slice(1).trim()), op: 'absent' };
  if (/^\S+$/.test(part)) return { key: checkKey(field, part, part), op: 'exists' };
  throw bad(field, part, 'expected key=value, key!=value, key, !key, key in (a,b) or key notin (a,b)');
}

/** Parses a selector; empty or missing selects everything. Throws ERR_SERVER_BAD_REQUEST naming the part. */
export function parseLabelSelector(text: string | undefined, field = 'listOptions.labelSelector'): Requirement[] {
  if (!text) return [];
  return splitRequirements(text).map((part) => parseRequirement(field, part));
}

/** Whether labels satisfy every requirement. */
export function matchesLabels(labels: Readonly<Record<string, string>>, requirements: readonly Requirement[]): boolean {
  return requirements.every((r) => {
    const value = Object.hasOwn(labels, r.key) ? labels[r.key] : undefined;
    switch (r.op) {
      case 'eq': return value === r.value;
      case 'ne': return value !== r.value;
      case 'in': return value !== undefined && r.values.includes(value);
      case 'notin': return value === undefined || !r.values.includes(value);
      case 'exists': return value !== undefined;
      case 'absent': return value === undefined;
    }
  });
}

/** The plain equalities among the requirements (non-empty values), which the store can filter on. */
export function labelEqualities(requirements: readonly Requirement[], skip: (key: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of requirements) if (r.op === 'eq' && r.value !== '' && !skip(r.key)) out[r.key] = r.value;
  return out;
}
