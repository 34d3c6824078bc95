/**
 * The sprig functions (Masterminds/sprig v3) Argo exposes as `sprig.<name>`, limited to the ones Argo's
 * examples and docs use. Sprig's argument order is "data last" (`sprig.replace(old, new, src)`), and its
 * numeric functions cast leniently (unparsable -> 0) and return integers, which we mirror. Functions that
 * would touch the host (env, expandenv, files) or need crypto are deliberately absent.
 */
import {
  asString, base64Decode, base64Encode, castFloat, castInt, toText, type BuiltinFunction, type CallContext,
} from './convert-values.js';
import { ExprError } from './errors.js';
import { formatGoLayout, parseTime } from './go-time.js';
import { checkSize, isMap, isTime, toJsonText } from './values.js';

const fixed = (n: number, fn: BuiltinFunction['fn']): BuiltinFunction => ({ min: n, max: n, fn });
const variadic = (min: number, fn: BuiltinFunction['fn']): BuiltinFunction => ({ min, max: Infinity, fn });
const text = (v: unknown): string => (v === null || v === undefined ? '' : toText(v));

function intDivide(name: string, a: unknown, b: unknown): [number, number] {
  const x = castInt(a);
  const y = castInt(b);
  if (y === 0) throw new ExprError('ERR_EXPR_EVAL', `sprig.${name}: integer divide by zero`);
  return [x, y];
}

/** sprig's `empty`: nil, false, 0, "" and empty collections are empty. */
function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isMap(v)) return Object.keys(v).length === 0;
  return false;
}

function toStrings(v: unknown, ctx: CallContext): string[] {
  if (Array.isArray(v)) {
    ctx.charge(v.length);
    return v.filter((x) => x !== null && x !== undefined).map(text);
  }
  return v === null || v === undefined ? [] : [text(v)];
}

function date([layout, when]: unknown[]): string {
  const t = isTime(when) ? when : typeof when === 'number' ? new Date(when * 1000) : parseTime('sprig.date', asString('sprig.date', when));
  return formatGoLayout(t, asString('sprig.date', layout));
}

function sizeChecked(s: string): string {
  checkSize(s.length, 'string');
  return s;
}

/** Name (without the `sprig.` prefix) -> implementation. */
export const SPRIG_BUILTINS: ReadonlyMap<string, BuiltinFunction> = new Map<string, BuiltinFunction>([
  ['add', variadic(0, (args) => args.reduce<number>((sum, v) => sum + castInt(v), 0))],
  ['add1', fixed(1, ([v]) => castInt(v) + 1)],
  ['sub', fixed(2, ([a, b]) => castInt(a) - castInt(b))],
  ['mul', variadic(1, (args) => args.reduce<number>((p, v) => p * castInt(v), 1))],
  ['div', fixed(2, ([a, b]) => { const [x, y] = intDivide('div', a, b); return Math.trunc(x / y); })],
  ['mod', fixed(2, ([a, b]) => { const [x, y] = intDivide('mod', a, b); return x % y; })],
  ['max', variadic(1, (args) => Math.max(...args.map(castInt)))],
  ['min', variadic(1, (args) => Math.min(...args.map(castInt)))],
  ['upper', fixed(1, ([s]) => text(s).toUpperCase())],
  ['lower', fixed(1, ([s]) => text(s).toLowerCase())],
  ['trim', fixed(1, ([s]) => text(s).trim())],
  ['replace', fixed(3, ([from, to, s]) => sizeChecked(text(s).split(text(from)).join(text(to))))],
  ['contains', fixed(2, ([sub, s]) => text(s).includes(text(sub)))],
  ['hasPrefix', fixed(2, ([p, s]) => text(s).startsWith(text(p)))],
  ['hasSuffix', fixed(2, ([p, s]) => text(s).endsWith(text(p)))],
  ['default', variadic(1, ([d, ...given]) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]))],
  ['empty', fixed(1, ([v]) => isEmpty(v))],
  ['toString', fixed(1, ([v]) => text(v))],
  ['atoi', fixed(1, ([s]) => { const t = text(s).trim(); return /^[+-]?\d+$/.test(t) ? Number(t) : 0; })],
  ['int', fixed(1, ([v]) => castInt(v))],
  ['int64', fixed(1, ([v]) => castInt(v))],
  ['float64', fixed(1, ([v]) => castFloat(v))],
  ['list', variadic(0, (args, ctx) => { ctx.charge(args.length); return [...args]; })],
  ['join', fixed(2, ([sep, v], ctx) => sizeChecked(toStrings(v, ctx).join(text(sep))))],
  ['splitList', fixed(2, ([sep, s], ctx) => { const parts = text(s).split(text(sep)); ctx.charge(parts.length); return parts; })],
  ['quote', variadic(0, (args) => args.filter((v) => v !== null && v !== undefined).map((v) => JSON.stringify(text(v))).join(' '))],
  ['squote', variadic(0, (args) => args.filter((v) => v !== null && v !== undefined).map((v) => `'${text(v)}'`).join(' '))],
  ['b64enc', fixed(1, ([s]) => base64Encode(text(s)))],
  ['b64dec', fixed(1, ([s]) => base64Decode('sprig.b64dec', text(s)))],
  ['toJson', fixed(1, ([v]) => toJsonText(v))],
  ['date', fixed(2, date)],
  ['now', fixed(0, (_args, ctx) => ctx.now())],
]);
