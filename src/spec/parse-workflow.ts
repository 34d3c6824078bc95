import type { Diagnostic } from './diagnostic.js';
import { describeDiagnostics, SpecError } from './errors.js';
import { lintManifests, type LintManifestsOptions } from './lint-manifests.js';
import { normalizeManifest } from './normalize-manifest.js';
import { parseManifests } from './parse-manifests.js';
import { isObj } from './read-values.js';
import type { Workflow } from './types.js';

/**
 * Parses the text of one Workflow for the engine and the API server. Throws SpecError listing every
 * error (ERR_SPEC_TOO_LARGE, ERR_SPEC_YAML, ERR_SPEC_INVALID); warnings and unsupported features do
 * not fail here, deciding about them is the caller's business.
 */
export function parseWorkflow(text: string, file = '<workflow>', opts: LintManifestsOptions = {}): Workflow {
  const docs = parseManifests(text, file);
  const parseErrors = docs.flatMap((d) => d.diagnostics).filter((d) => d.severity === 'error');
  if (parseErrors.length > 0) {
    const code = parseErrors.some((d) => d.code === 'too-large') ? 'ERR_SPEC_TOO_LARGE' : 'ERR_SPEC_YAML';
    throw new SpecError(code, `${file} cannot be read:\n${describeDiagnostics(parseErrors)}`, parseErrors);
  }
  const manifests = docs.filter((d) => d.manifest !== undefined);
  if (manifests.length !== 1) {
    const d: Diagnostic = { severity: 'error', code: 'invalid-value', message: `expected one Workflow document, found ${manifests.length}`, file, line: 1, column: 1, path: '' };
    throw new SpecError('ERR_SPEC_INVALID', `${file}: ${d.message}`, [d]);
  }
  const doc = manifests[0]!;
  const manifest = doc.manifest as unknown;
  if (!isObj(manifest) || manifest['kind'] !== 'Workflow') {
    const d: Diagnostic = { severity: 'error', code: 'invalid-value', message: `expected kind Workflow, found ${isObj(manifest) ? String(manifest['kind']) : 'nothing'}`, file, ...doc.locate(['kind']), path: 'kind' };
    throw new SpecError('ERR_SPEC_INVALID', `${file}: ${d.message}`, [d]);
  }
  const errors = lintManifests([doc], opts).filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new SpecError('ERR_SPEC_INVALID', `${file} is not a valid Workflow (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${describeDiagnostics(errors)}`, errors);
  }
  return normalizeManifest(manifest) as unknown as Workflow;
}
