import { compareDiagnostics, type Diagnostic } from './diagnostic.js';
import { CHECKS } from './checks.js';
import { createLintContext, type LintOptions } from './lint-context.js';
import { NO_POSITION } from './locate-node.js';
import { makeDiagnostic } from './make-diagnostic.js';
import { classifyManifest } from './manifest-model.js';
import { parseManifests, type ParsedDocument } from './parse-manifests.js';
import { isObj, objAt, strAt } from './read-values.js';
import { buildLibrary, type TemplateLibrary } from './template-library.js';

export interface LintManifestsOptions extends LintOptions {
  /**
   * More manifests that templateRef and workflowTemplateRef may point at without being linted
   * themselves, e.g. WorkflowTemplates the API server already stores.
   */
  references?: ReadonlyArray<{ file: string; manifest: unknown }>;
}

/**
 * Lints parsed documents together: parse problems, every per-document check, and the checks that need
 * all documents at once (templateRefs into other files, the same resource defined twice).
 */
export function lintManifests(docs: readonly ParsedDocument[], opts: LintManifestsOptions = {}): Diagnostic[] {
  const library = buildLibrary([...docs, ...(opts.references ?? [])]);
  const out: Diagnostic[] = [];
  for (const doc of docs) {
    out.push(...doc.diagnostics);
    if (doc.manifest !== undefined) lintDocument(doc, library, opts, out);
  }
  checkDuplicateDocuments(docs, out);
  return out.sort(compareDiagnostics);
}

/** Parses and lints one text (all its documents). */
export function lintText(text: string, file: string, opts: LintManifestsOptions = {}): Diagnostic[] {
  return lintManifests(parseManifests(text, file), opts);
}

/** Lints a manifest that arrived as a JSON object (no source positions: line and column are 0). */
export function validateManifest(manifest: object, file = '<manifest>', opts: LintManifestsOptions = {}): Diagnostic[] {
  if (!isObj(manifest)) {
    return [makeDiagnostic('error', 'not-a-mapping', 'the manifest must be a JSON object with apiVersion, kind, metadata and spec', file, { line: 0, column: 0 })];
  }
  return lintManifests([{ file, index: 0, manifest: manifest as ParsedDocument['manifest'], diagnostics: [], locate: NO_POSITION }], opts);
}

function lintDocument(doc: ParsedDocument, library: TemplateLibrary, options: LintOptions, out: Diagnostic[]): void {
  const manifest = doc.manifest as unknown as Record<string, unknown>;
  const ctx = createLintContext({ file: doc.file, manifest, locate: doc.locate, library, options, sink: out });
  for (const [name, check] of CHECKS) {
    try {
      check(ctx);
    } catch (err) {
      // A bug in one check must not hide the findings of the others, nor stop other files.
      const why = err instanceof Error ? err.message : String(err);
      out.push(makeDiagnostic('error', 'internal-error', `lint check "${name}" failed: ${why}`, doc.file, doc.locate([])));
    }
  }
}

function checkDuplicateDocuments(docs: readonly ParsedDocument[], out: Diagnostic[]): void {
  const seen = new Map<string, ParsedDocument>();
  for (const doc of docs) {
    if (!isObj(doc.manifest)) continue;
    const cls = classifyManifest(doc.manifest);
    if (cls.class !== 'workflow' && cls.class !== 'keyflow') continue;
    const metadata = objAt(doc.manifest['metadata']);
    const name = strAt(metadata?.['name']);
    if (name === undefined) continue;
    const key = `${cls.kind}/${strAt(metadata?.['namespace']) ?? ''}/${name}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, doc);
      continue;
    }
    const where = first.locate([]);
    out.push(makeDiagnostic('warning', 'duplicate-name', `${cls.kind} "${name}" is defined twice; the one in ${first.file}:${where.line} would be replaced`,
      doc.file, doc.locate(['metadata', 'name']), ['metadata', 'name']));
  }
}
