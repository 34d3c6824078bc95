import { LineCounter, parseAllDocuments, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import type { Diagnostic } from './diagnostic.js';
import { checkText } from './check-text.js';
import { SPEC_LIMITS } from './limits.js';
import { locatorFor, positionsFrom, type Locator, type OffsetToPosition } from './locate-node.js';
import { makeDiagnostic } from './make-diagnostic.js';
import { relaxFlowIndentation } from './relax-flow-indentation.js';
import type { Manifest } from './types.js';

/** One YAML document of a file, parsed but not yet validated. */
export interface ParsedDocument {
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  /** The document as plain data; undefined when it could not be parsed or is not a mapping. */
  manifest: Manifest | undefined;
  /** Problems found while parsing (syntax, aliases, not a mapping). */
  diagnostics: Diagnostic[];
  /** Source position of any path inside the document, for later validation. */
  locate: Locator;
}

export interface ParseManifestsOptions {
  maxBytes?: number;
  maxAliasCount?: number;
}

/**
 * Kubernetes reads YAML with go-yaml v2 (YAML 1.1: `yes`/`no` are booleans, `0755` is octal). We do the
 * same so a parameter means what it means to Argo, minus what go-yaml leaves as strings: sexagesimal
 * numbers, timestamps, and a lone `.` (YAML 1.1's float pattern matches it, go-yaml's does not).
 */
const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  prettyErrors: false,
  uniqueKeys: true,
  customTags: (tags) => tags
    .filter((tag) => {
      const t = tag as { format?: string; tag?: string };
      return t.format !== 'TIME' && t.tag !== 'tag:yaml.org,2002:timestamp';
    })
    .map((tag) => {
      const t = tag as { tag?: string; format?: string; test?: RegExp };
      if (t.tag !== 'tag:yaml.org,2002:float' || t.format !== undefined || !t.test?.test('.')) return tag;
      return { ...(tag as object), test: /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/ } as typeof tag;
    }),
};

interface RawParse {
  docs: Document[];
  toPosition: OffsetToPosition;
}

function parseRaw(text: string, shifts?: ReadonlyMap<number, number>): RawParse {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter });
  return { docs: Array.isArray(docs) ? docs : [], toPosition: positionsFrom(lineCounter, shifts) };
}

/** Errors that stop a document from being read; duplicate keys are kept as warnings (go-yaml keeps the last). */
const isFatal = (doc: Document) => doc.errors.some((e) => e.code !== 'DUPLICATE_KEY');

/** Parses every document of a YAML (or JSON) text, keeping source positions. Never throws on bad input. */
export function parseManifests(text: string, file: string, options: ParseManifestsOptions = {}): ParsedDocument[] {
  const refused = checkText(text, file, options.maxBytes ?? SPEC_LIMITS.maxBytes);
  if (refused) return [brokenDocument(file, 0, refused)];
  const strict = parseRaw(text);
  const relaxed = strict.docs.some(isFatal) ? relaxedParse(text, strict.docs.length) : undefined;
  if (strict.docs.length > SPEC_LIMITS.maxDocuments) {
    return [brokenDocument(file, 0, makeDiagnostic('error', 'too-large',
      `file holds ${strict.docs.length} YAML documents, more than the limit of ${SPEC_LIMITS.maxDocuments}`, file, { line: 1, column: 1 }))];
  }
  const parsed: ParsedDocument[] = [];
  strict.docs.forEach((doc, index) => {
    const lenient = relaxed?.docs[index];
    const useRelaxed = relaxed !== undefined && lenient !== undefined && isFatal(doc) && !isFatal(lenient);
    const result = useRelaxed
      ? toParsedDocument(lenient, index, file, relaxed.toPosition, options, true)
      : toParsedDocument(doc, index, file, strict.toPosition, options, false);
    if (result) parsed.push(result);
  });
  if (parsed.length === 0) {
    parsed.push(brokenDocument(file, 0, makeDiagnostic('warning', 'empty-file', 'file holds no YAML document', file, { line: 1, column: 1 })));
  }
  return parsed;
}

function relaxedParse(text: string, count: number): RawParse | undefined {
  const relaxed = relaxFlowIndentation(text);
  if (!relaxed) return undefined;
  const parse = parseRaw(relaxed.text, relaxed.shifts);
  return parse.docs.length === count ? parse : undefined;
}

function brokenDocument(file: string, index: number, diagnostic: Diagnostic): ParsedDocument {
  return { file, index, manifest: undefined, diagnostics: [diagnostic], locate: () => ({ line: diagnostic.line, column: diagnostic.column }) };
}

function toParsedDocument(doc: Document, index: number, file: string, at: OffsetToPosition, options: ParseManifestsOptions, relaxed: boolean): ParsedDocument | undefined {
  const locate = locatorFor(doc, at);
  const maxAliasCount = options.maxAliasCount ?? SPEC_LIMITS.maxAliasCount;
  if (isFatal(doc)) {
    const diagnostics = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY').map((e) => makeDiagnostic('error', 'yaml-syntax', firstLine(e.message), file, at(e.pos[0])));
    return { file, index, manifest: undefined, diagnostics, locate };
  }
  const diagnostics = doc.errors.map((e) => makeDiagnostic('warning', 'yaml-syntax',
    `${firstLine(e.message)}: the last value wins (as in Kubernetes), but other tools reject the file`, file, at(e.pos[0])));
  const start = at(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0);
  if (relaxed) {
    diagnostics.push(makeDiagnostic('info', 'yaml-syntax',
      'a flow collection or quoted string continues at a lower indentation than YAML 1.2 allows; read leniently, as Kubernetes does', file, start));
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount });
  } catch (err) {
    // yaml throws a ReferenceError when alias expansion exceeds maxAliasCount (a "YAML bomb").
    const message = `YAML aliases expand past the limit of ${maxAliasCount} (${firstLine(err instanceof Error ? err.message : String(err))})`;
    return { file, index, manifest: undefined, diagnostics: [makeDiagnostic('error', 'yaml-alias-limit', message, file, start)], locate };
  }
  if (value === null || value === undefined) return diagnostics.length > 0 ? { file, index, manifest: undefined, diagnostics, locate } : undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    diagnostics.push(makeDiagnostic('error', 'not-a-mapping', `document ${index + 1} is ${what}, not a mapping with apiVersion, kind, metadata and spec`, file, start));
    return { file, index, manifest: undefined, diagnostics, locate };
  }
  return { file, index, manifest: value as Manifest, diagnostics, locate };
}

function firstLine(message: string): string {
  // yaml turns a stack overflow on absurdly deep nesting into an error; say what it means.
  if (message.includes('Maximum call stack size exceeded')) return 'the document nests too deeply to be read';
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
