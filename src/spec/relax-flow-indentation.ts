/**
 * Kubernetes reads YAML with go-yaml, which accepts a flow collection or quoted string whose continuation
 * lines are indented no deeper than its parent, e.g. Argo's own examples:
 *
 *       args: ["
 *         echo hello
 *       "]
 *
 * YAML 1.2 forbids that (flow content must be indented more than its parent block) and the `yaml`
 * package rejects it. When a document fails to parse, we indent such continuation lines one column past
 * their parent and parse again. Leading spaces of flow and quoted-scalar lines are not part of any value,
 * so the result is the same data go-yaml reads. `shifts` says how many columns each moved line gained,
 * so positions can be reported against the original text.
 */
export interface RelaxedText {
  text: string;
  /** 0-based line number -> columns added at its start. */
  shifts: Map<number, number>;
}

interface ScanState {
  flowDepth: number;
  quote: '"' | "'" | null;
  /** Indentation a continuation line of the open flow collection or quoted string needs. */
  minIndent: number;
  /** Block scalar (| or >): lines indented deeper than this are its literal content. */
  blockParent: number | null;
  tokenStart: boolean;
}

/** The relaxed text, or undefined when no line needed moving. */
export function relaxFlowIndentation(text: string): RelaxedText | undefined {
  const lines = text.split('\n');
  const shifts = new Map<number, number>();
  const state: ScanState = { flowDepth: 0, quote: null, minIndent: 0, blockParent: null, tokenStart: true };
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    const indent = line.length - line.trimStart().length;
    const blank = line.trim() === '';
    if (/^(---|\.\.\.)(\s|$)/.test(line)) {
      Object.assign(state, { flowDepth: 0, quote: null, minIndent: 0, blockParent: null, tokenStart: true });
      continue;
    }
    if (state.blockParent !== null && (blank || indent > state.blockParent)) continue;
    state.blockParent = null;
    const open = state.flowDepth > 0 || state.quote !== null;
    if (open && !blank && indent < state.minIndent) {
      const add = state.minIndent - indent;
      line = ' '.repeat(add) + line;
      lines[n] = line;
      shifts.set(n, add);
    }
    if (!open) state.tokenStart = true;
    scanLine(line, open ? line.length - line.trimStart().length : indent, state);
  }
  return shifts.size > 0 ? { text: lines.join('\n'), shifts } : undefined;
}

function scanLine(line: string, indent: number, state: ScanState): void {
  const lineOpen = state.flowDepth > 0 || state.quote !== null;
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
