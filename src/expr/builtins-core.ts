/**
 * The allow-list of plain functions an expression may call: expr-lang builtins plus Argo's additions
 * (asInt, asFloat, toJson, jsonpath). Nothing else is callable: the parser refuses any other name.
 * Closure builtins (filter, map, all, ...) live in builtins-closure.ts; sprig in builtins-sprig.ts.
 */
import {
  argError, asArray, asNumber, asString, base64Decode, base64Encode, parseJson, textLength, toFloat, toInt, toText,
  type BuiltinFunction, type CallContext,
} from './convert-values.js';
import { ExprError } from './errors.js';
import { queryJsonPath } from './evaluate-jsonpath.js';
import { parseGoDuration, parseTime } from './go-time.js';
import { checkSize, isMap, toJsonText, typeName } from './values.js';

const fixed = (n: number, fn: BuiltinFunction['fn']): BuiltinFunction => ({ min: n, max: n, fn });
const str1 = (name: string, f: (s: string) => unknown): BuiltinFunction => fixed(1, ([s]) => f(asString(name, s)));
const num1 = (name: string, f: (n: number) => number): BuiltinFunction => fixed(1, ([n]) => f(asNumber(name, n)));

function len([v]: unknown[]): number {
  if (typeof v === 'string') return textLength(v);
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  throw argError('len', 'string, array or map', v);
}

function extreme(name: 'max' | 'min', args: unknown[], ctx: CallContext): number {
  const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  if (list.length === 0) throw new ExprError('ERR_EXPR_EVAL', `${name}: needs at least one number`);
  ctx.charge(list.length);
  const nums = list.map((n) => asNumber(name, n));
  return name === 'max' ? Math.max(...nums) : Math.min(...nums);
}

function split([s, sep, n]: unknown[], ctx: CallContext): string[] {
  const text = asString('split', s);
  const by = asString('split', sep);
  let parts = by === '' ? [...text] : text.split(by);
  if (n !== undefined) {
    const limit = asNumber('split', n);
    if (limit === 0) return [];
    if (limit > 0 && parts.length > limit) parts = [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(by)];
  }
  ctx.charge(parts.length);
  return parts;
}

function join([arr, sep]: unknown[], ctx: CallContext): string {
  const items = asArray('join', arr);
  ctx.charge(items.length);
  const out = items.map((v) => asString('join', v)).join(sep === undefined ? '' : asString('join', sep));
  checkSize(out.length, 'join result');
  return out;
}

function trim([s, chars]: unknown[]): string {
  const text = asString('trim', s);
  if (chars === undefined) return text.trim();
  const set = new Set(asString('trim', chars));
  const cps = [...text];
  let a = 0;
  let b = cps.length;
  while (a < b && set.has(cps[a]!)) a++;
  while (b > a && set.has(cps[b - 1]!)) b--;
  return cps.slice(a, b).join('');
}

function mapEntries(name: string, v: unknown, ctx: CallContext): [string, unknown][] {
  if (!isMap(v)) throw argError(name, 'map', v);
  const entries = Object.entries(v);
  ctx.charge(entries.length);
  return entries;
}

function indexOf([s, sub]: unknown[]): number {
  const text = asString('indexOf', s);
  const i = text.indexOf(asString('indexOf', sub));
  return i < 0 ? -1 : textLength(text.slice(0, i));
}

function replaceAll([s, from, to]: unknown[]): string {
  const out = asString('replace', s).split(asString('replace', from)).join(asString('replace', to));
  checkSize(out.length, 'replace result');
  return out;
}

/** Name -> implementation. The parser accepts a call only if its name is a key here (or a closure/sprig name). */
export const CORE_BUILTINS: ReadonlyMap<string, BuiltinFunction> = new Map<string, BuiltinFunction>([
  ['len', fixed(1, len)],
  ['asInt', fixed(1, ([v]) => toInt('asInt', v))],
  ['asFloat', fixed(1, ([v]) => toFloat('asFloat', v))],
  ['int', fixed(1, ([v]) => toInt('int', v))],
  ['float', fixed(1, ([v]) => toFloat('float', v))],
  ['string', fixed(1, ([v]) => toText(v))],
  ['type', fixed(1, ([v]) => typeName(v))],
  ['toJson', fixed(1, ([v]) => toJsonText(v))],
  ['fromJson', str1('fromJson', (s) => parseJson('fromJson', s))],
  ['jsonpath', fixed(2, ([json, path], ctx) => queryJsonPath(parseJson('jsonpath', asString('jsonpath', json)), asString('jsonpath', path), (n) => ctx.charge(n)))],
  ['lower', str1('lower', (s) => s.toLowerCase())],
  ['upper', str1('upper', (s) => s.toUpperCase())],
  ['trim', { min: 1, max: 2, fn: trim }],
  ['trimPrefix', fixed(2, ([s, p]) => { const t = asString('trimPrefix', s); const x = asString('trimPrefix', p); return t.startsWith(x) ? t.slice(x.length) : t; })],
  ['trimSuffix', fixed(2, ([s, p]) => { const t = asString('trimSuffix', s); const x = asString('trimSuffix', p); return x !== '' && t.endsWith(x) ? t.slice(0, -x.length) : t; })],
  ['hasPrefix', fixed(2, ([s, p]) => asString('hasPrefix', s).startsWith(asString('hasPrefix', p)))],
  ['hasSuffix', fixed(2, ([s, p]) => asString('hasSuffix', s).endsWith(asString('hasSuffix', p)))],
  ['indexOf', fixed(2, indexOf)],
  ['replace', fixed(3, replaceAll)],
  ['split', { min: 2, max: 3, fn: split }],
  ['join', { min: 1, max: 2, fn: join }],
  ['toBase64', str1('toBase64', base64Encode)],
  ['fromBase64', str1('fromBase64', (s) => base64Decode('fromBase64', s))],
  ['abs', num1('abs', Math.abs)],
  ['ceil', num1('ceil', Math.ceil)],
  ['floor', num1('floor', Math.floor)],
  ['round', num1('round', Math.round)],
  ['max', { min: 1, max: Infinity, fn: (args, ctx) => extreme('max', args, ctx) }],
  ['min', { min: 1, max: Infinity, fn: (args, ctx) => extreme('min', args, ctx) }],
  ['keys', fixed(1, ([m], ctx) => mapEntries('keys', m, ctx).map(([k]) => k))],
  ['values', fixed(1, ([m], ctx) => mapEntries('values', m, ctx).map(([, v]) => v))],
  ['first', fixed(1, ([a]) => asArray('first', a)[0] ?? null)],
  ['last', fixed(1, ([a]) => asArray('last', a).at(-1) ?? null)],
  ['now', fixed(0, (_args, ctx) => ctx.now())],
  ['date', str1('date', (s) => parseTime('date', s))],
  ['duration', str1('duration', (s) => parseGoDuration('duration', s))],
]);
