import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import {
  decodeManifestBytes, lintManifests, parseManifests, SPEC_LIMITS, tooLarge,
  type Diagnostic, type ParsedDocument,
} from '../../spec/index.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliContext, type CommandModule } from '../program.js';
import { remoteTargetOf } from '../open-backend.js';
import { connect } from '../remote/index.js';
import { lintOnServer } from './lint-remote.js';

/**
 * `keyflow lint FILE|DIR...`: checks Argo workflow manifests without a server. All files are linted in
 * one run, so a templateRef in one file resolves against a WorkflowTemplate in another. Exit 0 when no
 * errors, 1 when any (with --strict also unsupported features and unresolved refs), 2 for usage errors.
 */
interface LintFlags {
  output: 'text' | 'json';
  strict?: boolean;
  maxSize: number;
  verbose?: boolean;
  namespace: string;
  server?: string;
  caFile?: string;
  insecureSkipTlsVerify?: boolean;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const MAX_DEPTH = 64;

export const registerLint: CommandModule = (program: Command, ctx: CliContext) => {
  program
    .command('lint')
    .description('check Argo workflow manifests: every problem with file:line:column, unsupported features, cross-file templateRefs')
    .argument('<paths...>', 'manifest files, or directories searched recursively for *.yaml, *.yml and *.json')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--strict', 'count unsupported features and templateRefs not among the files as errors')
    .addOption(new Option('--max-size <bytes>', 'largest file accepted').argParser(parseSize).default(SPEC_LIMITS.maxBytes, '4 MiB'))
    .option('-v, --verbose', 'also print info diagnostics (ignored kinds and fields)')
    .option('-n, --namespace <ns>', 'namespace the server lints in (with --server)', 'default')
    .option('--server <url>', 'have this keyflow server lint the workflows (or $KEYFLOW_SERVER); default: lint here')
    .option('--ca-file <file>', 'trust the server certificate signed by this CA (PEM)')
    .option('--insecure-skip-tls-verify', 'do not verify the server certificate (development only)')
    .action(async (paths: string[], flags: LintFlags) => {
      ctx.exitCode = await runLint(paths, flags, ctx);
    });
};

function parseSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new TypeError(`--max-size must be a positive number of bytes, not "${value}"`);
  return n;
}

async function runLint(paths: string[], flags: LintFlags, ctx: CliContext): Promise<number> {
  const missing: string[] = [];
  for (const path of paths) {
    try {
      await stat(path);
    } catch {
      missing.push(path);
    }
  }
  if (missing.length > 0) {
    for (const path of missing) ctx.stderr(`error: no such file or directory: ${path}\n`);
    return EXIT_USAGE;
  }
  const files = await expandPaths(paths);
  const docs: ParsedDocument[] = [];
  for (const file of files) docs.push(...(await readManifestFile(file, flags.maxSize)));
  const target = remoteTargetOf(flags, ctx);
  if (target) return lintOnServer(ctx, connect(target).client, docs, files, { output: flags.output, namespace: flags.namespace });
  const diagnostics = lintManifests(docs, { strictRefs: flags.strict === true });
  const summary = summarize(files.length, diagnostics);
  if (flags.output === 'json') ctx.stdout(`${JSON.stringify({ files, summary, diagnostics }, null, 2)}\n`);
  else ctx.stdout(formatText(diagnostics, summary, flags));
  const failed = summary.errors > 0 || (flags.strict === true && summary.unsupported > 0);
  return failed ? EXIT_FAILED : EXIT_OK;
}

/** Files named on the command line are linted whatever their extension; directories contribute manifests. */
async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) await walk(path, out, 0);
    else out.push(path);
  }
  // The same file reached twice (named and inside a named directory) is linted once.
  const seen = new Set<string>();
  return out.filter((file) => !seen.has(resolve(file)) && seen.add(resolve(file)));
}

async function walk(dir: string, out: string[], depth: number): Promise<void> {
  if (depth > MAX_DEPTH) return;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    // Symlinked directories are not followed: a link cycle would never end.
    if (entry.isDirectory()) await walk(full, out, depth + 1);
    else if (MANIFEST_FILE.test(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(full))))) out.push(full);
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

/** Reads one file, refusing oversized ones from their size alone and binary ones from their bytes. */
async function readManifestFile(file: string, maxBytes: number): Promise<ParsedDocument[]> {
  const broken = (d: Diagnostic): ParsedDocument[] => [{ file, index: 0, manifest: undefined, diagnostics: [d], locate: () => ({ line: d.line, column: d.column }) }];
  try {
    const info = await lstat(file).then((l) => (l.isSymbolicLink() ? stat(file) : l));
    if (!info.isFile()) return broken(unreadable(file, 'not a regular file'));
    if (info.size > maxBytes) return broken(tooLarge(file, info.size, maxBytes));
    const decoded = decodeManifestBytes(await readFile(file), file);
    if ('diagnostic' in decoded) return broken(decoded.diagnostic);
    return parseManifests(decoded.text, file, { maxBytes });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return broken(unreadable(file, code === 'EACCES' ? 'permission denied' : code ?? 'read failed'));
  }
}

function unreadable(file: string, why: string): Diagnostic {
  return { severity: 'error', code: 'unreadable-file', message: `cannot read the file: ${why}`, file, line: 0, column: 0, path: '' };
}

interface Summary {
  files: number;
  errors: number;
  warnings: number;
  unsupported: number;
  info: number;
}

function summarize(files: number, diagnostics: Diagnostic[]): Summary {
  const count = (s: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === s).length;
  return { files, errors: count('error'), warnings: count('warning'), unsupported: count('unsupported'), info: count('info') };
}

function formatText(diagnostics: Diagnostic[], summary: Summary, flags: LintFlags): string {
  const shown = diagnostics.filter((d) => flags.verbose === true || d.severity !== 'info');
  const blocks: string[] = [];
  let current = '';
  let block: string[] = [];
  for (const d of shown) {
    if (d.file !== current && block.length > 0) {
      blocks.push(block.join('\n'));
      block = [];
    }
    current = d.file;
    const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
    block.push(`${where}: ${d.severity}: ${d.message} [${d.code}]${d.path ? ` (${d.path})` : ''}`);
  }
  if (block.length > 0) blocks.push(block.join('\n'));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const line = `${plural(summary.files, 'file')}, ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.unsupported} unsupported`;
  const strict = flags.strict === true && summary.unsupported > 0 ? ' (--strict: unsupported features fail the lint)' : '';
  return `${blocks.length > 0 ? `${blocks.join('\n\n')}\n\n` : ''}${line}${strict}\n`;
}
