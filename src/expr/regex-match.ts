/**
 * Linear-time regex matching (Thompson's NFA simulation, as in RE2 and Go's regexp). Every input
 * position advances a set of at most `program.length` threads, so the cost is bounded by
 * pattern size x input size and a pattern like `(a+)+$` cannot blow up the way a backtracking
 * engine does (ReDoS).
 */
import { ExprError } from './errors.js';
import { EXPR_LIMITS } from './limits.js';
import { inRanges, isWordCode, type CodeRanges } from './regex-classes.js';
import { parseRegex, RegexSyntaxError, type RegexNode } from './regex-parse.js';

type AssertKind = 'bol' | 'eol' | 'bot' | 'eot' | 'word' | 'nonword';
type Inst =
  | { op: 'char'; ranges: CodeRanges; negate: boolean }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'assert'; kind: AssertKind }
  | { op: 'match' };

/** Instructions a compiled pattern may have; bounds the per-character work of the matcher. */
const MAX_PROGRAM = 4096;

/** Compiles `pattern` or throws ExprError (ERR_EXPR_EVAL for bad syntax, ERR_EXPR_LIMIT for size). */
export function compileRegex(pattern: string): Inst[] {
  if (pattern.length > EXPR_LIMITS.maxRegexLength) {
    throw new ExprError('ERR_EXPR_LIMIT', `regular expression is longer than ${EXPR_LIMITS.maxRegexLength} characters`);
  }
  let tree: RegexNode;
  try {
    tree = parseRegex(pattern);
  } catch (err) {
    if (err instanceof RegexSyntaxError) {
      throw new ExprError('ERR_EXPR_EVAL', `invalid regular expression ${JSON.stringify(pattern)}: ${err.message}`);
    }
    throw err;
  }
  const prog: Inst[] = [];
  emit(prog, tree);
  push(prog, { op: 'match' });
  return prog;
}

/** Thread steps of the matcher that count as one evaluation step. */
const VISITS_PER_STEP = 50;

/**
 * True when the compiled program matches anywhere in `input` (Go's MatchString). The matcher's work
 * (threads visited) is charged to `charge`, one step per VISITS_PER_STEP, so a large pattern over a
 * large input cannot run longer than the caller's step budget allows.
 */
export function runRegex(prog: readonly Inst[], input: string, charge: (steps: number) => void): boolean {
  if (input.length > EXPR_LIMITS.maxRegexInput) {
    throw new ExprError('ERR_EXPR_LIMIT', `text matched by a regular expression is longer than ${EXPR_LIMITS.maxRegexInput} characters`);
  }
  const text = [...input].map((ch) => ch.codePointAt(0)!);
  const run: Run = { prog, marks: new Int32Array(prog.length).fill(-1), text, visits: 0 };
  let current: number[] = [];
  for (let pos = 0; pos <= text.length; pos++) {
    if (addThread(run, current, 0, pos)) return true; // unanchored: a thread starts everywhere
    if (pos === text.length) break;
    const next: number[] = [];
    const code = text[pos]!;
    for (const pc of current) {
      const inst = prog[pc]!;
      if (inst.op === 'char' && inRanges(inst.ranges, code) !== inst.negate) {
        if (addThread(run, next, pc + 1, pos + 1)) return true;
      }
    }
    run.visits += current.length;
    if (run.visits >= VISITS_PER_STEP) {
      charge(Math.floor(run.visits / VISITS_PER_STEP));
      run.visits %= VISITS_PER_STEP;
    }
    current = next;
  }
  return false;
}

interface Run {
  prog: readonly Inst[];
  /** marks[pc] === pos when pc is already on the list being built for position pos. */
  marks: Int32Array;
  text: number[];
  visits: number;
}

/** Follows epsilon edges from `start`, adding char/match threads to `list`; true once `match` is reached. */
function addThread(run: Run, list: number[], start: number, pos: number): boolean {
  const { prog, marks, text } = run;
  const stack = [start];
  while (stack.length > 0) {
    const pc = stack.pop()!;
    run.visits++;
    if (marks[pc] === pos) continue;
    marks[pc] = pos;
    const inst = prog[pc]!;
    switch (inst.op) {
      case 'match':
        return true;
      case 'char':
        list.push(pc);
        break;
      case 'jmp':
        stack.push(inst.x);
        break;
      case 'split':
        stack.push(inst.y, inst.x);
        break;
      case 'assert':
        if (assertHolds(inst.kind, text, pos)) stack.push(pc + 1);
        break;
    }
  }
  return false;
}

function assertHolds(kind: AssertKind, text: number[], pos: number): boolean {
  switch (kind) {
    case 'bot': return pos === 0;
    case 'eot': return pos === text.length;
    case 'bol': return pos === 0 || text[pos - 1] === 10;
    case 'eol': return pos === text.length || text[pos] === 10;
    case 'word': return isWordCode(text[pos - 1]) !== isWordCode(text[pos]);
    case 'nonword': return isWordCode(text[pos - 1]) === isWordCode(text[pos]);
  }
}

function push(prog: Inst[], inst: Inst): number {
  if (prog.length >= MAX_PROGRAM) {
    throw new ExprError('ERR_EXPR_LIMIT', `regular expression is too complex (more than ${MAX_PROGRAM} instructions)`);
  }
  prog.push(inst);
  return prog.length - 1;
}

function emit(prog: Inst[], node: RegexNode): void {
  switch (node.t) {
    case 'set':
      push(prog, { op: 'char', ranges: node.ranges, negate: node.negate });
      return;
    case 'assert':
      push(prog, { op: 'assert', kind: node.kind });
      return;
    case 'cat':
      for (const item of node.items) emit(prog, item);
      return;
    case 'alt':
      emitAlternation(prog, node.items);
      return;
    case 'rep':
      emitRepeat(prog, node.item, node.min, node.max);
      return;
  }
}

function emitAlternation(prog: Inst[], items: RegexNode[]): void {
  const jumps: number[] = [];
  items.forEach((item, k) => {
    if (k === items.length - 1) {
      emit(prog, item);
      return;
    }
    const split = push(prog, { op: 'split', x: prog.length + 1, y: -1 });
    emit(prog, item);
    jumps.push(push(prog, { op: 'jmp', x: -1 }));
    (prog[split] as { y: number }).y = prog.length;
  });
  for (const j of jumps) (prog[j] as { x: number }).x = prog.length;
}

function emitRepeat(prog: Inst[], item: RegexNode, min: number, max: number): void {
  for (let k = 0; k < min; k++) emit(prog, item);
  if (max === -1) {
    const split = push(prog, { op: 'split', x: prog.length + 1, y: -1 });
    emit(prog, item);
    push(prog, { op: 'jmp', x: split });
    (prog[split] as { y: number }).y = prog.length;
    return;
  }
  const splits: number[] = [];
  for (let k = min; k < max; k++) {
    splits.push(push(prog, { op: 'split', x: prog.length + 1, y: -1 }));
    emit(prog, item);
  }
  for (const s of splits) (prog[s] as { y: number }).y = prog.length;
}

/** Compiles and runs in one go: does `pattern` match anywhere in `input`? */
export function testRegex(pattern: string, input: string, charge: (steps: number) => void): boolean {
  return runRegex(compileRegex(pattern), input, charge);
}

/** A step counter for callers without one of their own (govaluate `when`), capped at EXPR_LIMITS.maxSteps. */
export function stepBudget(): (steps: number) => void {
  let used = 0;
  return (steps) => {
    used += steps;
    if (used > EXPR_LIMITS.maxSteps) {
      throw new ExprError('ERR_EXPR_LIMIT', `expression evaluation exceeded ${EXPR_LIMITS.maxSteps} steps`);
    }
  };
}
