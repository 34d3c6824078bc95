import { lintManifests, parseManifests, validateManifest, SpecError, type Diagnostic, type ParsedDocument } from '../spec/index.js';
import type { Store } from '../store/index.js';

/** The spec domain's wording for a ref it cannot see offline; here every stored template is known. */
const OFFLINE_REF = ' not found among the linted files (it may exist on the server)';

/** Where lint positions point: the request body as the client sent it. */
const BODY_FILE = 'request body';

export type TemplateKind = 'WorkflowTemplate' | 'ClusterWorkflowTemplate';

/** The stored templates a manifest in `namespace` may reference (its namespace's and the cluster's). */
async function referenceLibrary(store: Store, namespace: string): Promise<{ file: string; manifest: unknown }[]> {
  const [own, cluster] = await Promise.all([
    store.listResources({ kind: 'WorkflowTemplate', namespace }),
    store.listResources({ kind: 'ClusterWorkflowTemplate' }),
  ]);
  return [...own, ...cluster].map((r) => ({ file: `stored ${r.kind} ${r.name}`, manifest: r.manifest }));
}

/**
 * Re-lints with source positions taken from the raw JSON body (JSON is YAML), so each problem says
 * line:column in what the client sent. Only done when there are errors to report.
 */
function withPositions(rawBody: string, member: string, manifest: object, references: { file: string; manifest: unknown }[]): Diagnostic[] | undefined {
  const [envelope] = parseManifests(rawBody, BODY_FILE);
  if (!envelope?.manifest || envelope.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const doc: ParsedDocument = {
    file: BODY_FILE, index: 0, manifest: manifest as ParsedDocument['manifest'], diagnostics: [],
    locate: (path, at) => envelope.locate([member, ...path], at),
  };
  return lintManifests([doc], { references, strictRefs: true });
}

/**
 * Validates a manifest from a request body with the spec domain, against the templates stored for its
 * namespace (a templateRef to a template that does not exist is an error here, unlike in offline lint).
 * Throws SpecError ERR_SPEC_INVALID listing every error, with line/column/path, when it is invalid.
 */
export async function checkManifest(store: Store, manifest: object, opts: { namespace: string; member: string; rawBody?: string; what: string }): Promise<void> {
  const references = await referenceLibrary(store, opts.namespace);
  const errorsOf = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error').map((d) => (d.code === 'unresolved-template-ref' && d.message.endsWith(OFFLINE_REF)
    ? { ...d, message: `${d.message.slice(0, -OFFLINE_REF.length)} does not exist on this server${d.message.includes('ClusterWorkflowTemplate') ? '' : ` in namespace '${opts.namespace}'`}` } : d));
  let errors = errorsOf(validateManifest(manifest, BODY_FILE, { references, strictRefs: true }));
  if (errors.length === 0) return;
  const positioned = opts.rawBody ? withPositions(opts.rawBody, opts.member, manifest, references) : undefined;
  if (positioned && errorsOf(positioned).length > 0) errors = errorsOf(positioned);
  const lines = errors.map((d) => `${d.line > 0 ? `${d.line}:${d.column}: ` : ''}${d.path ? `${opts.member}.${d.path}: ` : ''}${d.message}`);
  const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
  throw new SpecError('ERR_SPEC_INVALID', `${opts.what} is invalid (${count}):\n${lines.join('\n')}`, errors);
}
