/**
 * expr-lang parser, primary half: literals, names, array and map literals, closures, calls and member
 * chains. This is where the sandbox is drawn at parse time: only allow-listed functions and methods can
 * be called, nothing else is callable, and names reaching JavaScript internals (`__proto__`,
 * `constructor`, `prototype`) are refused wherever they appear.
 */
import { CLOSURE_BUILTINS } from './builtins-closure.js';
import { CORE_BUILTINS } from './builtins-core.js';
import { SPRIG_BUILTINS } from './builtins-sprig.js';
import { exprErrorAt } from './errors.js';
import {
  advance, expectOp, isOp, nested, peek, unexpected, type ExprParserState,
} from './expr-parser-state.js';
import { ALLOWED_METHODS } from './methods.js';
import type { ExprToken } from './tokenize-expression.js';
import type { ExprAst } from './types.js';
import { isForbiddenName } from './values.js';

/** A primary expression followed by any member accesses, indexes, slices and method calls. */
export function parsePrimary(st: ExprParserState): ExprAst {
  return parsePostfix(st, parseAtom(st));
}

function parseAtom(st: ExprParserState): ExprAst {
  const tok = peek(st);
  switch (tok.kind) {
    case 'number':
    case 'string':
      advance(st);
      return { kind: 'literal', value: tok.value, pos: tok.pos };
    case 'ident':
      return parseName(st);
    case 'op':
      return parseOperatorAtom(st, tok);
    default:
      throw unexpected(st);
  }
}

function parseOperatorAtom(st: ExprParserState, tok: ExprToken): ExprAst {
  switch (tok.value) {
    case '(': {
      advance(st);
      const inner = st.expression(0);
      expectOp(st, ')', 'to close the parenthesis');
      return inner;
    }
    case '[':
      return parseArray(st);
    case '{':
      return parseMap(st);
    case '#':
    case '.':
      if (st.closureDepth > 0) return parsePointer(st);
      throw exprErrorAt('ERR_EXPR_SYNTAX', `'${tok.value}' is only allowed inside a closure`, st.text, tok.pos);
    default:
      throw unexpected(st);
  }
}

function parsePointer(st: ExprParserState): ExprAst {
  const tok = advance(st);
  if (tok.value === '.') {
    // `.field` inside a closure is shorthand for `#.field`.
    const name = memberName(st);
    return { kind: 'member', object: { kind: 'pointer', name: '', pos: tok.pos }, property: name, optional: false, computed: false, pos: tok.pos };
  }
  const next = peek(st);
  if (next.kind === 'ident' && next.pos === tok.pos + 1) {
    if (next.value !== 'index') throw exprErrorAt('ERR_EXPR_SYNTAX', `unknown closure variable '#${next.value}'`, st.text, tok.pos);
    advance(st);
    return { kind: 'pointer', name: 'index', pos: tok.pos };
  }
  return { kind: 'pointer', name: '', pos: tok.pos };
}

function checkName(st: ExprParserState, name: string, pos: number): void {
  if (isForbiddenName(name)) throw exprErrorAt('ERR_EXPR_SYNTAX', `forbidden name '${name}'`, st.text, pos);
}

function parseName(st: ExprParserState): ExprAst {
  const tok = advance(st);
  const name = tok.value as string;
  if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true', pos: tok.pos };
  if (name === 'nil') return { kind: 'literal', value: null, pos: tok.pos };
  checkName(st, name, tok.pos);
  if (name === 'sprig' && isOp(st, '.')) return parseSprigCall(st, tok);
  if (isOp(st, '(')) return parseCall(st, name, tok.pos);
  return { kind: 'identifier', name, pos: tok.pos };
}

function parseSprigCall(st: ExprParserState, sprigTok: ExprToken): ExprAst {
  advance(st); // '.'
  const fnTok = peek(st);
  if (fnTok.kind !== 'ident') throw unexpected(st);
  advance(st);
  const name = fnTok.value as string;
  if (!SPRIG_BUILTINS.has(name)) throw exprErrorAt('ERR_EXPR_SYNTAX', `unknown function 'sprig.${name}'`, st.text, fnTok.pos);
  if (!isOp(st, '(')) throw exprErrorAt('ERR_EXPR_SYNTAX', `sprig.${name} must be called`, st.text, fnTok.pos);
  return parseCall(st, `sprig.${name}`, sprigTok.pos);
}

function parseCall(st: ExprParserState, name: string, pos: number): ExprAst {
  const closure = CLOSURE_BUILTINS.get(name);
  const fn = name.startsWith('sprig.') ? SPRIG_BUILTINS.get(name.slice('sprig.'.length)) : (closure ?? CORE_BUILTINS.get(name));
  if (fn === undefined) {
    throw exprErrorAt('ERR_EXPR_SYNTAX', `unknown function '${name}'`, st.text, pos);
  }
  const args = parseArguments(st, closure !== undefined);
  if (args.length < fn.min || args.length > fn.max) {
    const want = fn.min === fn.max ? `${fn.min}` : fn.max === Infinity ? `at least ${fn.min}` : `${fn.min} to ${fn.max}`;
    const plural = fn.max === 1 || (fn.min === 1 && fn.max === Infinity) ? '' : 's';
    throw exprErrorAt('ERR_EXPR_SYNTAX', `${name} takes ${want} argument${plural}, got ${args.length}`, st.text, pos);
  }
  return { kind: 'call', name, args, pos };
}

/** `(a, b, ...)`; for closure builtins the second argument is a closure body, braced or bare. */
function parseArguments(st: ExprParserState, closureSecond: boolean): ExprAst[] {
  expectOp(st, '(', 'to start the arguments');
  const args: ExprAst[] = [];
  while (!isOp(st, ')')) {
    args.push(closureSecond && args.length === 1 ? parseClosure(st) : st.expression(0));
    if (!isOp(st, ',')) break;
    advance(st);
  }
  expectOp(st, ')', 'to close the arguments');
  return args;
}

function parseClosure(st: ExprParserState): ExprAst {
  const pos = peek(st).pos;
  const braced = isOp(st, '{');
  if (braced) advance(st);
  st.closureDepth++;
  try {
    const body = st.expression(0);
    if (braced) expectOp(st, '}', 'to close the closure');
    return { kind: 'closure', body, pos };
  } finally {
    st.closureDepth--;
  }
}

function parseArray(st: ExprParserState): ExprAst {
  const pos = advance(st).pos;
  const items: ExprAst[] = [];
  while (!isOp(st, ']')) {
    items.push(st.expression(0));
    if (!isOp(st, ',')) break;
    advance(st);
  }
  expectOp(st, ']', 'to close the array');
  return { kind: 'array', items, pos };
}

function parseMap(st: ExprParserState): ExprAst {
  const pos = advance(st).pos;
  const entries: { key: string; value: ExprAst }[] = [];
  // A map literal opens a fresh scope: `#` inside it still refers to the enclosing closure.
  while (!isOp(st, '}')) {
    const keyTok = advance(st);
    if (keyTok.kind !== 'ident' && keyTok.kind !== 'string' && keyTok.kind !== 'number') throw unexpected(st, keyTok);
    const key = String(keyTok.value);
    checkName(st, key, keyTok.pos);
    expectOp(st, ':', 'after the map key');
    entries.push({ key, value: st.expression(0) });
    if (!isOp(st, ',')) break;
    advance(st);
  }
  expectOp(st, '}', 'to close the map');
  return { kind: 'map', entries, pos };
}

function memberName(st: ExprParserState): ExprAst {
  const tok = peek(st);
  if (tok.kind !== 'ident') throw unexpected(st);
  advance(st);
  checkName(st, tok.value as string, tok.pos);
  return { kind: 'literal', value: tok.value, pos: tok.pos };
}

function parsePostfix(st: ExprParserState, start: ExprAst): ExprAst {
  let node = start;
  for (;;) {
    const tok = peek(st);
    if (isOp(st, '.') || (isOp(st, '?.') && peek(st, 1).kind === 'ident')) {
      advance(st);
      node = parseDotMember(st, node, tok.value === '?.', tok.pos);
    } else if (isOp(st, '[') || (isOp(st, '?.') && isOp(st, '[', 1))) {
      if (tok.value === '?.') advance(st);
      node = nested(st, () => parseIndex(st, node, tok.value === '?.', tok.pos));
    } else if (isOp(st, '(')) {
      throw exprErrorAt('ERR_EXPR_SYNTAX', 'only allow-listed functions can be called', st.text, tok.pos);
    } else {
      return node;
    }
  }
}

function parseDotMember(st: ExprParserState, object: ExprAst, optional: boolean, pos: number): ExprAst {
  const property = memberName(st);
  const name = (property as { value: string }).value;
  if (!isOp(st, '(')) return { kind: 'member', object, property, optional, computed: false, pos };
  if (!ALLOWED_METHODS.has(name)) throw exprErrorAt('ERR_EXPR_SYNTAX', `unknown method '${name}'`, st.text, property.pos);
  const args = parseArguments(st, false);
  return { kind: 'method', object, name, args, optional, pos };
}

function parseIndex(st: ExprParserState, object: ExprAst, optional: boolean, pos: number): ExprAst {
  advance(st); // '['
  let from: ExprAst | undefined;
  if (!isOp(st, ':')) {
    from = st.expression(0);
    if (!isOp(st, ':')) {
      expectOp(st, ']', 'to close the index');
      if (from.kind === 'literal' && typeof from.value === 'string') checkName(st, from.value, from.pos);
      return { kind: 'member', object, property: from, optional, computed: true, pos };
    }
  }
  advance(st); // ':'
  const to = isOp(st, ']') ? undefined : st.expression(0);
  expectOp(st, ']', 'to close the slice');
  const node: ExprAst = { kind: 'slice', object, pos };
  if (from) node.from = from;
  if (to) node.to = to;
  return node;
}
