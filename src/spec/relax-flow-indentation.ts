import { scanYamlLines } from './scan-yaml-lines.js';

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

/** The relaxed text, or undefined when no line needed moving. */
export function relaxFlowIndentation(text: string): RelaxedText | undefined {
  const lines = text.split('\n');
  const shifts = new Map<number, number>();
  scanYamlLines(text, (info) => {
    if (!info.open || info.blank || info.indent >= info.minIndent) return undefined;
    const add = info.minIndent - info.indent;
    shifts.set(info.n, add);
    lines[info.n] = ' '.repeat(add) + info.line;
    return lines[info.n];
  });
  return shifts.size > 0 ? { text: lines.join('\n'), shifts } : undefined;
}
