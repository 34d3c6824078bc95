/**
 * The value model shared by the expression evaluators: nil (null), booleans, numbers, strings, arrays,
 * plain-object maps, times (Date) and durations. Anything else reaching us from an environment (class
 * instances, functions) is opaque: it can be passed around and compared for identity, never inspected.
 */
import { ExprError } from './errors.js';
import { EXPR_LIMITS } from './limits.js';

/** A time span (what subtracting two times yields), in milliseconds. */
export class ExprDuration {
  constructor(readonly ms: number) {
    Object.freeze(this);
  }
}

export type TypeName = 'nil' | 'bool' | 'number' | 'string' | 'array' | 'map' | 'time' | 'duration' | 'opaque';

/** Names that reach JavaScript object internals; refused as identifiers, members and map keys. */
export function isForbiddenName(name: string): boolean {
  return name === '__proto__' || name === 'constructor' || name === 'prototype' || /^__.*__$/.test(name);
}

/** True for a plain data object (what JSON and map literals produce), false for arrays and class instances. */
export function isMap(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** True for a valid Date (expr's time.Time). */
export function isTime(v: unknown): v is Date {
  return v instanceof Date && !Number.isNaN(v.getTime());
}

/** The expression-language type of a value, for dispatch and messages. */
export function typeName(v: unknown): TypeName {
  if (v === null || v === undefined) return 'nil';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'number': return 'number';
    case 'string': return 'string';
  }
  if (Array.isArray(v)) return 'array';
  if (isMap(v)) return 'map';
  if (isTime(v)) return 'time';
  if (v instanceof ExprDuration) return 'duration';
  return 'opaque';
}

/** Own property of a map, or null when absent (expr: a missing map key is nil). */
export function mapGet(map: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(map, key) ? (map[key] ?? null) : null;
}

/**
 * expr `==`: numbers by value, arrays and maps deeply, times by instant; different types are unequal.
 * `charge` is called per value compared, so deep comparisons count against the step budget.
 */
export function valuesEqual(a: unknown, b: unknown, charge: (steps: number) => void = () => {}): boolean {
  charge(1);
  const ta = typeName(a);
  if (ta !== typeName(b)) return false;
  switch (ta) {
    case 'nil': return true;
    case 'array': {
      const x = a as unknown[];
      const y = b as unknown[];
      return x.length === y.length && x.every((v, i) => valuesEqual(v, y[i], charge));
    }
    case 'map': {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const keys = Object.keys(x);
      return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && valuesEqual(x[k], y[k], charge));
    }
    case 'time': return (a as Date).getTime() === (b as Date).getTime();
    case 'duration': return (a as ExprDuration).ms === (b as ExprDuration).ms;
    default: return a === b;
  }
}

/**
 * Evaluation cost of holding or scanning a value: one step per 100 characters of a string, one per
 * element of a list or map (shallow). Builtins and operators are charged this for their operands and
 * results, so work on large values is bounded by the step budget, not only the number of AST nodes.
 */
export function weightOf(v: unknown): number {
  if (typeof v === 'string') return Math.ceil(v.length / 100);
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  return 0;
}

/** Guards strings and collections produced during evaluation against memory blow-up. */
export function checkSize(size: number, what: string): void {
  if (size > EXPR_LIMITS.maxValueSize) {
    throw new ExprError('ERR_EXPR_LIMIT', `${what} would have ${size} elements, more than the limit of ${EXPR_LIMITS.maxValueSize}`);
  }
}

/** RFC 3339 text of a time, without fractional seconds when they are zero (Argo's format). */
export function formatTime(t: Date): string {
  return t.toISOString().replace('.000Z', 'Z');
}

/** Go's time.Duration String(), e.g. "1h2m3.5s", "0s". */
export function formatDuration(d: ExprDuration): string {
  if (d.ms === 0) return '0s';
  const sign = d.ms < 0 ? '-' : '';
  let rest = Math.abs(d.ms);
  if (rest < 1000) return `${sign}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = `${Number((rest / 1000).toFixed(3))}s`;
  return sign + (h > 0 ? `${h}h${m}m${s}` : m > 0 ? `${m}m${s}` : s);
}

/** Text of a value as substituted into a template: strings as-is, numbers in JS form, objects as JSON. */
export function toDisplayString(v: unknown): string {
  switch (typeName(v)) {
    case 'nil': return 'nil';
    case 'string': return v as string;
    case 'number':
    case 'bool': return String(v);
    case 'time': return formatTime(v as Date);
    case 'duration': return formatDuration(v as ExprDuration);
    default: return toJsonText(v);
  }
}

/** JSON text of a value, by our own walker so no host toJSON method or getter chain is ever invoked. */
export function toJsonText(v: unknown, depth = 0): string {
  if (depth > 100) throw new ExprError('ERR_EXPR_LIMIT', 'value nested too deeply to convert to JSON');
  switch (typeName(v)) {
    case 'nil': return 'null';
    case 'bool': return String(v);
    case 'number': {
      if (!Number.isFinite(v)) throw new ExprError('ERR_EXPR_EVAL', 'cannot convert a non-finite number to JSON');
      return String(v);
    }
    case 'string': return JSON.stringify(v);
    case 'time': return JSON.stringify(formatTime(v as Date));
    case 'duration': return String((v as ExprDuration).ms * 1e6); // Go marshals durations as nanoseconds
    case 'array': {
      const parts = (v as unknown[]).map((x) => toJsonText(x, depth + 1));
      return `[${parts.join(',')}]`;
    }
    case 'map': {
      const map = v as Record<string, unknown>;
      const parts = Object.keys(map).map((k) => `${JSON.stringify(k)}:${toJsonText(map[k], depth + 1)}`);
      return `{${parts.join(',')}}`;
    }
    default: throw new ExprError('ERR_EXPR_EVAL', 'cannot convert an opaque host value to JSON');
  }
}
