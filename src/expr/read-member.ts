/**
 * The only way an expression reads inside a value. Maps are read through own properties only (never
 * the prototype chain), arrays and strings through integer indexes, and nothing else can be entered:
 * functions, class instances and other host objects are opaque.
 */
import { ExprError } from './errors.js';
import { isForbiddenName, isMap, mapGet, typeName } from './values.js';

/** `object.name`: a missing map key is nil; member access on nil or a non-map is ERR_EXPR_EVAL. */
export function readMember(object: unknown, name: string): unknown {
  if (isForbiddenName(name)) throw new ExprError('ERR_EXPR_EVAL', `forbidden member name '${name}'`);
  if (isMap(object)) return mapGet(object, name);
  throw new ExprError('ERR_EXPR_EVAL', `cannot read member '${name}' of ${typeName(object)}`);
}

/** `object[key]`: string keys on maps, integer indexes (negative from the end) on arrays and strings. */
export function readIndex(object: unknown, key: unknown): unknown {
  if (typeof key === 'string') return readMember(object, key);
  if (typeof key !== 'number') throw new ExprError('ERR_EXPR_EVAL', `cannot index with ${typeName(key)}`);
  if (!Number.isInteger(key)) throw new ExprError('ERR_EXPR_EVAL', 'index must be an integer');
  if (Array.isArray(object)) return object[position(key, object.length)] ?? null;
  if (typeof object === 'string') {
    const chars = [...object];
    return chars[position(key, chars.length)]!;
  }
  throw new ExprError('ERR_EXPR_EVAL', `cannot index ${typeName(object)} with number`);
}

function position(index: number, length: number): number {
  const i = index < 0 ? length + index : index;
  if (i < 0 || i >= length) throw new ExprError('ERR_EXPR_EVAL', `index ${index} out of range (length ${length})`);
  return i;
}

/** `object[from:to]` on arrays and strings, with expr's bounds (clamped, negative from the end). */
export function sliceValue(object: unknown, from: unknown, to: unknown): unknown {
  const items = Array.isArray(object) ? object : typeof object === 'string' ? [...object] : null;
  if (items === null) throw new ExprError('ERR_EXPR_EVAL', `cannot slice ${typeName(object)}`);
  const bound = (v: unknown, dflt: number): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new ExprError('ERR_EXPR_EVAL', `slice bounds must be integers, got ${typeName(v)}`);
    const i = v < 0 ? items.length + v : v;
    return Math.min(Math.max(i, 0), items.length);
  };
  const a = bound(from, 0);
  const b = Math.max(bound(to, items.length), a);
  const part = items.slice(a, b);
  return typeof object === 'string' ? part.join('') : part;
}
