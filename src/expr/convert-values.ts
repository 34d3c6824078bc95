/**
 * Conversions shared by the expr builtins and the sprig functions. Argo passes every parameter as a
 * string, so `asInt('5')` must work; conversions that cannot succeed fail with ERR_EXPR_EVAL and name
 * the type, never the value (values may be sensitive).
 */
import { ExprError } from './errors.js';
import { checkSize, ExprDuration, toDisplayString, typeName } from './values.js';

/** What builtins may use beyond their arguments: the step budget and the injected clock. */
export interface CallContext {
  charge(steps: number): void;
  now(): Date;
}

/** A builtin: allowed argument counts and its pure implementation. */
export interface BuiltinFunction {
  min: number;
  max: number;
  fn: (args: unknown[], ctx: CallContext) => unknown;
}

/** ERR_EXPR_EVAL for a builtin called with a value of the wrong type. */
export function argError(fn: string, expected: string, got: unknown): ExprError {
  return new ExprError('ERR_EXPR_EVAL', `${fn}: expected ${expected}, got ${typeName(got)}`);
}

/** The argument as a string, or an argError. */
export function asString(fn: string, v: unknown): string {
  if (typeof v !== 'string') throw argError(fn, 'string', v);
  return v;
}

/** The argument as a number, or an argError. */
export function asNumber(fn: string, v: unknown): number {
  if (typeof v !== 'number') throw argError(fn, 'number', v);
  return v;
}

/** The argument as an array, or an argError. */
export function asArray(fn: string, v: unknown): unknown[] {
  if (!Array.isArray(v)) throw argError(fn, 'array', v);
  return v;
}

/** expr `int()` / Argo `asInt()`: truncates numbers, parses decimal integer strings (Go strconv.Atoi). */
export function toInt(fn: string, v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string') {
    const s = v.trim();
    if (/^[+-]?\d+$/.test(s)) return Number(s);
    throw new ExprError('ERR_EXPR_EVAL', `${fn}: string is not an integer`);
  }
  if (v instanceof ExprDuration) return v.ms * 1e6;
  throw argError(fn, 'number or numeric string', v);
}

/** expr `float()` / Argo `asFloat()`: numbers as-is, decimal strings parsed (Go strconv.ParseFloat). */
export function toFloat(fn: string, v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim();
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
    throw new ExprError('ERR_EXPR_EVAL', `${fn}: string is not a number`);
  }
  throw argError(fn, 'number or numeric string', v);
}

/** Lenient cast used by sprig (spf13/cast): unparsable input becomes 0 instead of an error. */
export function castInt(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim().replace(/\.0*$/, '');
    if (/^[+-]?\d+$/.test(s)) return Number(s);
    if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  }
  return 0;
}

/** Lenient float cast used by sprig: unparsable input becomes 0. */
export function castFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim())) return Number(v.trim());
  return 0;
}

/** The text form used by `string()` and sprig's toString. */
export function toText(v: unknown): string {
  return toDisplayString(v);
}

/** Length in code points, as the user sees it. */
export function textLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Parses a JSON document, bounded in size; the result is plain data. */
export function parseJson(fn: string, text: string): unknown {
  checkSize(text.length, `${fn} input`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ExprError('ERR_EXPR_EVAL', `${fn}: invalid JSON`);
  }
}

/** UTF-8 base64 encoding without host buffers (this domain imports nothing from node:*). */
export function base64Encode(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Decodes standard base64 (padding optional) into UTF-8 text. */
export function base64Decode(fn: string, s: string): string {
  const clean = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1) {
    throw new ExprError('ERR_EXPR_EVAL', `${fn}: invalid base64 input`);
  }
  const binary = atob(clean);
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
