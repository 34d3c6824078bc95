/**
 * Evaluates a parsed JSONPath against plain JSON data. A definite path (only keys and indexes) yields
 * the single value or nil when absent; any wildcard, slice, union, filter or deep scan yields the list
 * of matches, as Argo's jsonpath library does.
 */
import { ExprError } from './errors.js';
import { parseJsonPath, type JsonPathFilter, type JsonPathSegment, type JsonPathSelector } from './parse-jsonpath.js';
import { isMap, mapGet, valuesEqual } from './values.js';

/** Runs `path` over `data`; `charge` is called per node visited so deep scans stay inside the step budget. */
export function queryJsonPath(data: unknown, path: string, charge: (steps: number) => void): unknown {
  const segments = parseJsonPath(path);
  let nodes: unknown[] = [data];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const node of nodes) {
      if (segment.deep) for (const d of descendants(node, charge)) select(d, segment.selector, next, charge);
      else select(node, segment.selector, next, charge);
    }
    nodes = next;
  }
  if (segments.every(isDefinite)) return nodes.length === 0 ? null : nodes[0];
  return nodes;
}

function isDefinite(segment: JsonPathSegment): boolean {
  return !segment.deep && (segment.selector.t === 'key' || segment.selector.t === 'index');
}

function descendants(node: unknown, charge: (steps: number) => void): unknown[] {
  const out: unknown[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const cur = stack.pop();
    charge(1);
    out.push(cur);
    const children = Array.isArray(cur) ? cur : isMap(cur) ? Object.values(cur) : [];
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]);
  }
  return out;
}

function select(node: unknown, sel: JsonPathSelector, out: unknown[], charge: (steps: number) => void): void {
  charge(1);
  switch (sel.t) {
    case 'key':
      if (isMap(node) && Object.hasOwn(node, sel.key)) out.push(mapGet(node, sel.key));
      return;
    case 'index':
      if (Array.isArray(node)) {
        const i = sel.index < 0 ? node.length + sel.index : sel.index;
        if (i >= 0 && i < node.length) out.push(node[i]);
      }
      return;
    case 'wildcard':
      if (Array.isArray(node)) out.push(...node);
      else if (isMap(node)) out.push(...Object.values(node));
      return;
    case 'slice':
      if (Array.isArray(node)) out.push(...slice(node, sel));
      return;
    case 'union':
      for (const item of sel.items) select(node, item, out, charge);
      return;
    case 'filter': {
      const items = Array.isArray(node) ? node : isMap(node) ? Object.values(node) : [];
      charge(items.length);
      for (const item of items) if (truthy(evalFilter(sel.expr, item))) out.push(item);
      return;
    }
  }
}

function slice(arr: unknown[], sel: { start?: number; end?: number; step?: number }): unknown[] {
  const n = arr.length;
  const step = sel.step ?? 1;
  const norm = (v: number | undefined, dflt: number): number => (v === undefined ? dflt : v < 0 ? Math.max(n + v, -1) : Math.min(v, n));
  const out: unknown[] = [];
  if (step > 0) {
    for (let i = Math.max(norm(sel.start, 0), 0); i < norm(sel.end, n); i += step) out.push(arr[i]);
  } else {
    for (let i = Math.min(norm(sel.start, n - 1), n - 1); i > norm(sel.end, -1); i += step) out.push(arr[i]);
  }
  return out;
}

const MISSING = Symbol('missing');

function evalFilter(f: JsonPathFilter, current: unknown): unknown {
  switch (f.t) {
    case 'value': return f.value;
    case 'field': return fieldOf(current, f.path);
    case 'not': return !truthy(evalFilter(f.operand, current));
    case 'logic': {
      const left = truthy(evalFilter(f.left, current));
      if (f.op === '&&') return left && truthy(evalFilter(f.right, current));
      return left || truthy(evalFilter(f.right, current));
    }
    case 'compare': return compare(f.op, evalFilter(f.left, current), evalFilter(f.right, current));
  }
}

function fieldOf(current: unknown, path: (string | number)[]): unknown {
  let v: unknown = current;
  for (const key of path) {
    if (typeof key === 'number' && Array.isArray(v) && key >= -v.length && key < v.length) v = v[key < 0 ? v.length + key : key];
    else if (typeof key === 'string' && isMap(v) && Object.hasOwn(v, key)) v = v[key];
    else return MISSING;
  }
  return v;
}

function truthy(v: unknown): boolean {
  return v !== MISSING && v !== false && v !== null;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (a === MISSING || b === MISSING) return op === '!=';
  if (op === '==') return valuesEqual(a, b);
  if (op === '!=') return !valuesEqual(a, b);
  const comparable = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!comparable) return false;
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
  }
  throw new ExprError('ERR_EXPR_EVAL', `jsonpath: unknown operator ${op}`);
}
