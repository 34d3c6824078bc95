import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Path } from './diagnostic.js';

/** 1-based line and column; 0/0 means "no source position" (manifests that arrived as JSON objects). */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Finds where a path lives in the source. `key` points at the mapping key (for unknown or misnamed
 * fields), `value` at the value. A path that does not exist resolves to its deepest existing ancestor,
 * which is where a missing field would have to be written.
 */
export type Locator = (path: Path, at?: 'key' | 'value') => SourcePosition;

/** A locator for manifests without a source text. */
export const NO_POSITION: Locator = () => ({ line: 0, column: 0 });

/** Converts a character offset of the parsed text into a position in the original text. */
export type OffsetToPosition = (offset: number) => SourcePosition;

/** Offsets to positions through a LineCounter, undoing the columns added by relaxFlowIndentation. */
export function positionsFrom(lineCounter: LineCounter, shifts?: ReadonlyMap<number, number>): OffsetToPosition {
  return (offset) => {
    const { line, col } = lineCounter.linePos(offset);
    const shift = shifts?.get(line - 1) ?? 0;
    return { line: Math.max(line, 1), column: Math.max(col - shift, 1) };
  };
}

/** Builds the locator of one parsed YAML document. */
export function locatorFor(doc: Document, toPosition: OffsetToPosition): Locator {
  return (path, at = 'value') => {
    let node: unknown = doc.contents;
    let keyNode: Node | undefined;
    let best = offsetOf(node) ?? 0;
    for (const segment of path) {
      const step = childOf(doc, node, segment);
      if (step === undefined) return toPosition(best);
      node = step.value;
      keyNode = step.key;
      best = offsetOf(node) ?? offsetOf(keyNode) ?? best;
    }
    if (at === 'key' && keyNode !== undefined) return toPosition(offsetOf(keyNode) ?? best);
    return toPosition(best);
  };
}

function offsetOf(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object' || !('range' in node)) return undefined;
  const range = (node as { range?: [number, number, number] | null }).range;
  return range ? range[0] : undefined;
}

function childOf(doc: Document, parent: unknown, segment: string | number): { key?: Node; value: unknown } | undefined {
  const node = isAlias(parent) ? parent.resolve(doc) : parent;
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { value: item };
  }
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const key = pair.key;
    const name = isScalar(key) ? String(key.value) : key;
    if (name === String(segment)) return { key: key as Node, value: pair.value ?? key };
  }
  return undefined;
}
