import type { InvocationBase, Sequence } from '../spec/index.js';
import { EngineError } from './errors.js';
import { itemText } from './scope.js';

/** Upper bound on items one step or task may expand to; beyond it the node errors instead of the engine. */
export const MAX_ITEMS = 100_000;

/** Formats one sequence number with Go's fmt verbs as Argo's withSequence.format allows (%d %x %X %o %s, width, 0-pad). */
function formatNumber(format: string, n: number): string {
  return format.replace(/%(0?)(\d*)([dxXos%])/g, (_m, zero: string, width: string, verb: string) => {
    if (verb === '%') return '%';
    const abs = Math.abs(n);
    let digits = verb === 'x' ? abs.toString(16) : verb === 'X' ? abs.toString(16).toUpperCase() : verb === 'o' ? abs.toString(8) : String(abs);
    const sign = n < 0 ? '-' : '';
    const w = Number(width || 0);
    if (zero && digits.length + sign.length < w) digits = digits.padStart(w - sign.length, '0');
    const text = sign + digits;
    return text.padStart(w, ' ');
  });
}

function toInt(value: string | number | undefined, field: string, where: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new EngineError('ERR_ENGINE_PARAMETER_INVALID', `${where}: withSequence.${field} must be an integer, got ${JSON.stringify(value)}`);
  return n;
}

/** Expands withSequence (count, or start..end inclusive in either direction) into items. */
export function expandSequence(seq: Sequence, where: string): unknown[] {
  const count = toInt(seq.count, 'count', where);
  const start = toInt(seq.start, 'start', where) ?? 0;
  const end = toInt(seq.end, 'end', where);
  if (count !== undefined && end !== undefined) {
    throw new EngineError('ERR_ENGINE_PARAMETER_INVALID', `${where}: withSequence takes either count or end, not both`);
  }
  let numbers: number[];
  if (count !== undefined) {
    if (count < 0 || count > MAX_ITEMS) throw new EngineError('ERR_ENGINE_PARAMETER_INVALID', `${where}: withSequence.count must be between 0 and ${MAX_ITEMS}`);
    numbers = Array.from({ length: count }, (_v, i) => start + i);
  } else {
    const last = end ?? start;
    const len = Math.abs(last - start) + 1;
    if (len > MAX_ITEMS) throw new EngineError('ERR_ENGINE_PARAMETER_INVALID', `${where}: withSequence spans more than ${MAX_ITEMS} items`);
    const stride = last >= start ? 1 : -1;
    numbers = Array.from({ length: len }, (_v, i) => start + i * stride);
  }
  return numbers.map((n) => (seq.format ? formatNumber(seq.format, n) : String(n)));
}

/** Parses a rendered withParam value, which must be a JSON list. */
export function parseWithParam(text: string, where: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed)) {
    const shown = text.length > 200 ? `${text.slice(0, 200)}...` : text;
    throw new EngineError('ERR_ENGINE_PARAMETER_INVALID', `${where}: withParam value could not be parsed as a JSON list: ${shown.trim()}`);
  }
  if (parsed.length > MAX_ITEMS) throw new EngineError('ERR_ENGINE_PARAMETER_INVALID', `${where}: withParam expands to more than ${MAX_ITEMS} items`);
  return parsed;
}

/** True when the invocation fans out over items. */
export function shouldExpand(call: InvocationBase): boolean {
  return call.withItems !== undefined || call.withParam !== undefined || call.withSequence !== undefined;
}

/** Argo's name for the i-th expansion: `name(i:item)`. */
export function expandedName(name: string, index: number, item: unknown): string {
  return `${name}(${index}:${itemText(item)})`;
}
