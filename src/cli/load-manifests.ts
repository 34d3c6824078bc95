import { readFileSync, statSync } from 'node:fs';
import { CliError } from './cli-error.js';
import { parseManifests, lintManifests, decodeManifestBytes, tooLarge, SPEC_LIMITS, type Diagnostic, type Manifest, type ParsedDocument } from '../spec/index.js';

export interface LoadedManifests {
  manifests: { manifest: Manifest; file: string }[];
  diagnostics: Diagnostic[];
}

/** Formats a diagnostic as `file:line:column: severity: message [rule] (path)`. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]${d.path ? ` (${d.path})` : ''}`;
}

/** Reads one file into parsed documents without loading oversized files into memory. */
export function readDocuments(file: string): ParsedDocument[] {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code}`);
  }
  if (size > SPEC_LIMITS.maxBytes) return [{ file, index: 0, manifest: undefined, diagnostics: [tooLarge(file, size)] } as ParsedDocument];
  const decoded = decodeManifestBytes(readFileSync(file), file);
  if ('diagnostic' in decoded) return [{ file, index: 0, manifest: undefined, diagnostics: [decoded.diagnostic] } as ParsedDocument];
  return parseManifests(decoded.text, file);
}

/** Reads and lints files; manifests come back only when no document has an error. */
export function loadManifests(files: string[]): LoadedManifests {
  const docs = files.flatMap(readDocuments);
  const diagnostics = lintManifests(docs);
  if (diagnostics.some((d) => d.severity === 'error')) return { manifests: [], diagnostics };
  const manifests = docs.filter((d) => d.manifest !== undefined).map((d) => ({ manifest: d.manifest as Manifest, file: d.file }));
  return { manifests, diagnostics };
}
