/**
 * A small line scanner for YAML structure, just enough to know, for each line, whether it continues an
 * open flow collection (`[`/`{`) or quoted string, or is the content of a block scalar (`|`/`>`). It is
 * used before the real parser runs: to measure nesting (refusing absurd depth before the parser's
 * recursion could exhaust the stack) and to relax flow indentation the way go-yaml does.
 */
export interface LineInfo {
  /** 0-based line number. */
  n: number;
  line: string;
  indent: number;
  blank: boolean;
  /** The line continues a flow collection or quoted string opened on an earlier line. */
  open: boolean;
  /** Indentation such a continuation line needs to satisfy YAML 1.2. */
  minIndent: number;
  /** Flow depth after the line. */
  flowDepth: number;
}

interface ScanState {
  flowDepth: number;
  quote: '"' | "'" | null;
  minIndent: number;
  blockParent: number | null;
  tokenStart: boolean;
}

const fresh = (): ScanState => ({ flowDepth: 0, quote: null, minIndent: 0, blockParent: null, tokenStart: true });

/** What the scan learned about the whole text. */
export interface ScanSummary {
  maxFlowDepth: number;
}

/**
 * Calls `visit` for every structural line (block scalar content is skipped). `visit` may return a
 * replacement line (relaxFlowIndentation indents it); the scan continues on the replacement.
 */
export function scanYamlLines(text: string, visit: (info: LineInfo) => string | void): ScanSummary {
  const lines = text.split('\n');
  const summary: ScanSummary = { maxFlowDepth: 0 };
  let state = fresh();
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    const indent = line.length - line.trimStart().length;
    const blank = line.trim() === '';
    if (/^(---|\.\.\.)(\s|$)/.test(line)) {
      state = fresh();
      continue;
    }
    if (state.blockParent !== null && (blank || indent > state.blockParent)) continue;
    state.blockParent = null;
    const open = state.flowDepth > 0 || state.quote !== null;
    const replaced = visit({ n, line, indent, blank, open, minIndent: state.minIndent, flowDepth: state.flowDepth });
    if (typeof replaced === 'string') line = replaced;
    if (!open) state.tokenStart = true;
    scanLine(line, line.length - line.trimStart().length, open, state, summary);
  }
  return summary;
}

function scanLine(line: string, indent: number, lineOpen: boolean, state: ScanState, summary: ScanSummary): void {
  for (let i = indent; i < line.length; i++) {
    const c = line[i]!;
    const next = line[i + 1] ?? '';
    if (state.quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') endToken(state);
      continue;
    }
    if (state.quote === "'") {
      if (c === "'" && next === "'") i++;
      else if (c === "'") endToken(state);
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) return;
    if (c === ' ' || c === '\t') continue;
    if ((c === '"' || c === "'") && state.tokenStart) {
      if (!lineOpen && state.flowDepth === 0) state.minIndent = indent + 1;
      state.quote = c;
    } else if ((c === '[' || c === '{') && (state.tokenStart || state.flowDepth > 0)) {
      if (state.flowDepth === 0) state.minIndent = indent + 1;
      state.flowDepth++;
      summary.maxFlowDepth = Math.max(summary.maxFlowDepth, state.flowDepth);
      state.tokenStart = true;
    } else if ((c === ']' || c === '}') && state.flowDepth > 0) {
      state.flowDepth--;
      state.tokenStart = false;
    } else if (c === ',' && state.flowDepth > 0) state.tokenStart = true;
    else if ((c === ':' || c === '?' || c === '-') && (next === '' || next === ' ' || next === '\t' || (state.flowDepth > 0 && ',]}'.includes(next)))) {
      if (c !== '-' || state.tokenStart) state.tokenStart = true;
    } else if ((c === '|' || c === '>') && state.tokenStart && state.flowDepth === 0) {
      state.blockParent = blockParentIndent(line, indent);
      return;
    } else state.tokenStart = false;
  }
}

function endToken(state: ScanState): void {
  state.quote = null;
  state.tokenStart = false;
}

/** Content of `key: |` must be indented past the key; of `- |` past the dash. */
function blockParentIndent(line: string, indent: number): number {
  let pos = indent;
  while (line[pos] === '-' && line[pos + 1] === ' ') {
    pos += 2;
    while (line[pos] === ' ') pos++;
  }
  return /^[|>]/.test(line.slice(pos)) ? Math.max(indent, pos - 2) : pos;
}
