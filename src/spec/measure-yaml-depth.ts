import { scanYamlLines } from './scan-yaml-lines.js';

/**
 * How deeply a YAML text nests: the deepest flow nesting (`[[[...]]]`) and the deepest block nesting
 * (indentation levels plus `- - -` sequence entries), whichever is larger. Measured by a linear scan
 * before parsing, because the parser recurses per level and a document nested thousands of levels deep
 * would exhaust the stack (in V8, sometimes fatally, when it happens while compiling a regular expression).
 */
export function measureYamlDepth(text: string): number {
  let maxBlock = 0;
  const stack: number[] = [];
  const summary = scanYamlLines(text, (info) => {
    if (info.open || info.blank || info.line.trimStart().startsWith('#')) return undefined;
    while (stack.length > 0 && stack[stack.length - 1]! >= info.indent) stack.pop();
    stack.push(info.indent);
    let pos = info.indent;
    while (info.line[pos] === '-' && (info.line[pos + 1] === ' ' || info.line[pos + 1] === undefined)) {
      pos += 2;
      while (info.line[pos] === ' ') pos++;
      stack.push(pos);
    }
    maxBlock = Math.max(maxBlock, stack.length);
    return undefined;
  });
  return Math.max(maxBlock, summary.maxFlowDepth);
}
