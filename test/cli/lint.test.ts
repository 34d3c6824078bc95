import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;

function lint(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/keyflow.mjs', 'lint', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const VALID = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: ok-}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: alpine, command: [echo, hi]}
`;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyflow-lint-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const file = join(dir, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
  return file;
}

test('exits 0 and prints the summary when there is no error', () => {
  const r = lint('test/fixtures/workflows');
  assert.equal(r.stdout, '4 files, 0 errors, 0 warnings, 0 unsupported\n');
  assert.equal(r.status, 0);
});

test('exits 1 and prints file:line:column: severity: message [rule] (path) for errors', () => {
  const file = write('bad.yaml', VALID.replace('entrypoint: main', 'entrypoint: mian'));
  const r = lint(file);
  assert.equal(r.stdout, `${file}:5:15: error: entrypoint "mian" is not a template (did you mean "main"?) [unknown-template] (spec.entrypoint)\n\n1 file, 1 error, 0 warnings, 0 unsupported\n`);
  assert.equal(r.status, 1);
});

test('--output json prints one machine-readable document', () => {
  const file = write('json/bad.yaml', VALID.replace('command: [echo, hi]', 'command: [echo, "{{inputs.parameters.x}}"]'));
  const r = lint('--output', 'json', file);
  assert.equal(r.status, 1);
  assert.deepEqual(JSON.parse(r.stdout), {
    files: [file],
    summary: { files: 1, errors: 1, warnings: 0, unsupported: 0, info: 0 },
    diagnostics: [{
      severity: 'error', code: 'unresolved-reference', message: '{{inputs.parameters.x}}: template "main" has no input parameter "x"',
      file, line: 8, column: 48, path: 'spec.templates[0].container.command[1]',
    }],
  });
});

test('--strict makes unsupported features and unresolved templateRefs fail', () => {
  const file = write('strict/sidecar.yaml', VALID.replace('    container:', '    sidecars: [{name: db, image: postgres}]\n    container:'));
  assert.equal(lint(file).status, 0);
  const strict = lint('--strict', file);
  assert.equal(strict.status, 1);
  assert.match(strict.stdout, /1 file, 0 errors, 0 warnings, 1 unsupported \(--strict: unsupported features fail the lint\)\n$/);
  assert.equal(lint('test/fixtures/workflows/uses-library.yaml').status, 0);
  const refs = lint('--strict', 'test/fixtures/workflows/uses-library.yaml');
  assert.equal(refs.status, 1);
  assert.match(refs.stdout, /1 file, 3 errors, 0 warnings, 0 unsupported\n$/);
});

test('usage errors exit 2 with a clear message: no path, unknown option, bad format, missing path', () => {
  const none = lint();
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^error: missing required argument 'paths'\n/);
  const flag = lint('--bogus', 'x');
  assert.equal(flag.status, 2);
  assert.match(flag.stderr, /^error: unknown option '--bogus'\n/);
  const format = lint('-o', 'yaml', 'x');
  assert.equal(format.status, 2);
  assert.match(format.stderr, /^error: option '-o, --output <format>' argument 'yaml' is invalid\. Allowed choices are text, json\.\n/);
  const missing = lint(join(dir, 'nope.yaml'), 'test/fixtures/workflows');
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, `error: no such file or directory: ${join(dir, 'nope.yaml')}\n`);
  assert.equal(missing.stdout, '');
});

test('bad input gets a clear error per file, no stack trace, and the other files are still checked', () => {
  const bad = join(dir, 'bad-input');
  mkdirSync(bad);
  const huge = join(bad, 'huge.yaml');
  writeFileSync(huge, '');
  truncateSync(huge, 50 * 1024 * 1024); // a 50 MB file, sparse: created without writing 50 MB
  const levels = ['a: &a [x,x,x,x,x,x,x,x,x]'];
  for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  writeFileSync(join(bad, 'bomb.yaml'), `${levels.join('\n')}\n`);
  writeFileSync(join(bad, 'junk.yaml'), new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0xff, 0xfe, 0x00, 0x01]));
  writeFileSync(join(bad, 'list.yaml'), '- just\n- a list\n');
  writeFileSync(join(bad, 'syntax.yaml'), 'a: [1,\nb: }\n');
  writeFileSync(join(bad, 'shell.yaml'), VALID.replace(/main/g, 'main;rm -rf /'));
  writeFileSync(join(bad, 'valid.yaml'), VALID);
  const r = lint('--output', 'json', bad);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, '');
  const report = JSON.parse(r.stdout) as { diagnostics: Array<{ file: string; code: string; message: string; line: number; column: number }> };
  const by = (name: string) => report.diagnostics.filter((d) => d.file === join(bad, name)).map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}`);
  assert.deepEqual(by('huge.yaml'), ['0:0 too-large: file is 52428800 bytes, larger than the 4194304-byte limit (ERR_SPEC_TOO_LARGE)']);
  assert.deepEqual(by('bomb.yaml'), ['1:1 yaml-alias-limit: YAML aliases expand past the limit of 100 (Excessive alias count indicates a resource exhaustion attack)']);
  assert.deepEqual(by('junk.yaml'), ['1:5 binary-content: file is not valid UTF-8 text (invalid byte 0xff at offset 4)']);
  assert.deepEqual(by('list.yaml'), ['1:1 not-a-mapping: document 1 is a list, not a mapping with apiVersion, kind, metadata and spec']);
  assert.equal(by('syntax.yaml')[0], '2:1 yaml-syntax: Flow sequence in block collection must be sufficiently indented and end with a ]');
  assert.deepEqual(by('shell.yaml').filter((f) => f.includes('invalid-name')), [
    "7:11 invalid-name: template name \"main;rm -rf /\" must consist of alphanumeric characters or '-' and start with an alphanumeric character (contains ';', whitespace)",
  ]);
  assert.deepEqual(by('valid.yaml'), []);
});

test('directories are searched recursively for .yaml, .yml and .json; other and hidden files are skipped', () => {
  const tree = join(dir, 'tree');
  write('tree/a.yaml', VALID);
  write('tree/sub/b.yml', VALID);
  write('tree/sub/deeper/c.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }));
  write('tree/notes.txt', 'not yaml: [');
  write('tree/.hidden/d.yaml', 'not: [valid');
  const r = lint('--verbose', tree);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, `${join(tree, 'sub/deeper/c.json')}:1:27: info: ConfigMap (v1) is not a workflow resource; lint skips it [ignored-kind] (kind)\n\n3 files, 0 errors, 0 warnings, 0 unsupported\n`);
});

test('a special file named on the command line is refused without being opened', () => {
  const fifo = join(dir, 'pipe.yaml');
  const made = spawnSync('mkfifo', [fifo]);
  if (made.status !== 0) return; // no mkfifo on this system
  const r = lint(fifo);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, `${fifo}: error: cannot read the file: not a regular file [unreadable-file]\n\n1 file, 1 error, 0 warnings, 0 unsupported\n`);
});
