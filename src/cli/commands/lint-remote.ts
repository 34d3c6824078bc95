import type { CliContext } from '../program.js';
import { CliRemoteError } from '../cli-error.js';
import { printable, type ApiClient } from '../remote/index.js';
import type { Diagnostic, ParsedDocument } from '../backend.js';

interface RemoteLintResult {
  file: string;
  kind: string;
  name: string;
  ok: boolean;
  message?: string;
}

const LINTED = new Set(['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate']);

function nameOf(doc: ParsedDocument): string {
  return doc.manifest?.metadata.name ?? (doc.manifest?.metadata.generateName ? `${doc.manifest.metadata.generateName}*` : '');
}

/** One manifest through the server's lint endpoint: a 400 is a lint verdict, anything else an error. */
async function lintOne(api: ApiClient, doc: ParsedDocument, namespace: string): Promise<RemoteLintResult> {
  const manifest = doc.manifest;
  const result = { file: doc.file, kind: manifest?.kind ?? '', name: nameOf(doc) };
  try {
    if (manifest?.kind === 'Workflow') await api.lintWorkflow(manifest.metadata.namespace ?? namespace, manifest);
    else await api.lintTemplate({ cluster: manifest?.kind === 'ClusterWorkflowTemplate', namespace: manifest?.metadata.namespace ?? namespace }, manifest);
    return { ...result, ok: true };
  } catch (err) {
    if (err instanceof CliRemoteError && (err.httpStatus === 400 || err.httpStatus === 422)) return { ...result, ok: false, message: err.message.replace(/^server said \d+ \w+: /, '') };
    throw err;
  }
}

/**
 * `keyflow lint` against a server: files are parsed here (YAML errors keep their file:line:column), then
 * each Workflow and (Cluster)WorkflowTemplate is checked by the server's lint endpoint, which also knows
 * the templates stored there. Exit 0 when all pass, 1 when any fails.
 */
export async function lintOnServer(ctx: CliContext, api: ApiClient, docs: ParsedDocument[], files: string[], opts: { output: string; namespace: string }): Promise<number> {
  const parseErrors: Diagnostic[] = docs.flatMap((d) => d.diagnostics.filter((x) => x.severity === 'error'));
  const results: RemoteLintResult[] = [];
  for (const doc of docs) {
    if (doc.manifest && LINTED.has(doc.manifest.kind) && !doc.diagnostics.some((x) => x.severity === 'error')) results.push(await lintOne(api, doc, opts.namespace));
  }
  const errors = parseErrors.length + results.filter((r) => !r.ok).length;
  if (opts.output === 'json') {
    ctx.stdout(`${JSON.stringify({ files, server: api.server.origin, summary: { files: files.length, errors }, parseErrors, results }, null, 2)}\n`);
  } else {
    const lines = [
      ...parseErrors.map((d) => `${d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file}: error: ${d.message} [${d.code}]`),
      ...results.filter((r) => !r.ok).map((r) => `${r.file}: ${r.kind.toLowerCase()}/${r.name}: error: ${printable(r.message ?? '', 2000)}`),
    ];
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    ctx.stdout(`${lines.length > 0 ? `${lines.join('\n')}\n\n` : ''}${plural(files.length, 'file')}, ${plural(errors, 'error')} (checked by ${api.server.origin})\n`);
  }
  return errors > 0 ? 1 : 0;
}
