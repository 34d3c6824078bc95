import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeManifestBytes, parseManifests } from '../../src/spec/index.js';
import { yaml } from './lint-yaml.js';

const brief = (text: string, opts?: Parameters<typeof parseManifests>[2]) =>
  parseManifests(text, 'f.yaml', opts).map((d) => ({
    manifest: d.manifest,
    diagnostics: d.diagnostics.map((x) => `${x.line}:${x.column} ${x.severity} ${x.code}: ${x.message}`),
  }));

test('parses every document of a multi-document file and skips empty ones', () => {
  const docs = parseManifests('a: 1\n---\n---\n# only a comment\n---\nb: 2\n', 'f.yaml');
  assert.deepEqual(docs.map((d) => [d.index, d.manifest]), [[0, { a: 1 }], [3, { b: 2 }]]);
});

test('locates keys and values of a path, and missing paths at their deepest existing ancestor', () => {
  const [doc] = parseManifests(yaml`
    spec:
      templates:
      - name: a
        dag:
          tasks:
          - {name: t, dependencies: [x]}
  `, 'f.yaml');
  assert.deepEqual(doc!.locate(['spec', 'templates', 0, 'dag', 'tasks', 0, 'dependencies', 0]), { line: 6, column: 34 });
  assert.deepEqual(doc!.locate(['spec', 'templates', 0, 'name'], 'key'), { line: 3, column: 5 });
  assert.deepEqual(doc!.locate(['spec', 'templates', 0, 'name']), { line: 3, column: 11 });
  assert.deepEqual(doc!.locate(['spec', 'templates', 0, 'nope', 'deeper']), { line: 3, column: 5 });
});

test('reports a YAML syntax error with its position and keeps the other documents', () => {
  assert.deepEqual(brief('a: 1\n---\nb: [1\n---\nc: 3\n'), [
    { manifest: { a: 1 }, diagnostics: [] },
    { manifest: undefined, diagnostics: ['4:1 error yaml-syntax: Flow sequence in block collection must be sufficiently indented and end with a ]'] },
    { manifest: { c: 3 }, diagnostics: [] },
  ]);
});

test('a document that is not a mapping is an error naming what it is', () => {
  assert.deepEqual(brief('- a\n- b\n---\njust text\n').map((d) => d.diagnostics), [
    ['1:1 error not-a-mapping: document 1 is a list, not a mapping with apiVersion, kind, metadata and spec'],
    ['4:1 error not-a-mapping: document 2 is a string, not a mapping with apiVersion, kind, metadata and spec'],
  ]);
});

test('refuses a YAML bomb (alias expansion past the limit) without expanding it', () => {
  const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  assert.deepEqual(brief(`${levels.join('\n')}\n`), [{
    manifest: undefined,
    diagnostics: ['1:1 error yaml-alias-limit: YAML aliases expand past the limit of 100 (Excessive alias count indicates a resource exhaustion attack)'],
  }]);
});

test('a few aliases within the limit are expanded', () => {
  assert.deepEqual(brief('p: &v [1, 2]\nq: *v\n')[0]!.manifest, { p: [1, 2], q: [1, 2] });
});

test('refuses binary content: a NUL byte, with its position', () => {
  assert.deepEqual(brief('a: 1\nb: \u0000\n')[0]!.diagnostics, ['2:4 error binary-content: file contains a NUL byte: this is binary data, not YAML or JSON']);
});

test('decodeManifestBytes refuses invalid UTF-8 and names the first bad byte', () => {
  const bytes = new Uint8Array([0x61, 0x3a, 0x20, 0x31, 0x0a, 0x62, 0x3a, 0xff, 0xfe]);
  const result = decodeManifestBytes(bytes, 'bin.yaml');
  assert.ok('diagnostic' in result);
  assert.equal(result.diagnostic.code, 'binary-content');
  assert.equal(result.diagnostic.message, 'file is not valid UTF-8 text (invalid byte 0xff at offset 7)');
  assert.deepEqual([result.diagnostic.line, result.diagnostic.column], [2, 3]);
  assert.deepEqual(decodeManifestBytes(new TextEncoder().encode('\ufeffa: é\n'), 'ok.yaml'), { text: 'a: é\n' });
});

test('refuses text over the size limit with too-large', () => {
  assert.deepEqual(brief('a: 12345\n', { maxBytes: 5 }), [{
    manifest: undefined,
    diagnostics: ['0:0 error too-large: file is 9 bytes, larger than the 5-byte limit (ERR_SPEC_TOO_LARGE)'],
  }]);
});

test('an empty file is a warning', () => {
  assert.deepEqual(brief('# nothing here\n')[0]!.diagnostics, ['1:1 warning empty-file: file holds no YAML document']);
});

test('a duplicate key is a warning and the last value wins, as in Kubernetes', () => {
  assert.deepEqual(brief('a: 1\na: 2\n'), [{
    manifest: { a: 2 },
    diagnostics: ['2:1 warning yaml-syntax: Map keys must be unique: the last value wins (as in Kubernetes), but other tools reject the file'],
  }]);
});

test('reads YAML 1.1 scalars the way Kubernetes (go-yaml) does', () => {
  const [doc] = parseManifests('a: yes\nb: off\nc: 0755\nd: .\ne: 1:20\nf: 2001-12-14\ng: 1.5\nh: "yes"\n', 'f.yaml');
  assert.deepEqual(doc!.manifest, { a: true, b: false, c: 493, d: '.', e: '1:20', f: '2001-12-14', g: 1.5, h: 'yes' });
});

test('accepts flow content indented no deeper than its parent (go-yaml does), noting it as info', () => {
  const text = yaml`
    spec:
      args: ["
        echo hello
      "]
      next: 1
  `;
  const docs = brief(text);
  assert.deepEqual(docs, [{
    manifest: { spec: { args: [' echo hello '], next: 1 } },
    diagnostics: ['1:1 info yaml-syntax: a flow collection or quoted string continues at a lower indentation than YAML 1.2 allows; read leniently, as Kubernetes does'],
  }]);
  const [doc] = parseManifests(text, 'f.yaml');
  assert.deepEqual(doc!.locate(['spec', 'next'], 'key'), { line: 5, column: 3 });
});

test('JSON text parses as well', () => {
  assert.deepEqual(parseManifests('{"kind": "Workflow", "n": [1, true]}', 'w.json')[0]!.manifest, { kind: 'Workflow', n: [1, true] });
});

test('absurdly deep nesting is refused with a clear error, not a crash', () => {
  const deep = `a: ${'['.repeat(20000)}${']'.repeat(20000)}\n`;
  assert.deepEqual(brief(deep), [{ manifest: undefined, diagnostics: ['1:1 error too-deep: the text nests 20000 levels deep, more than the limit of 200'] }]);
  const block = `${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}a${i}:`).join('\n')} end\n`;
  assert.deepEqual(brief(block), [{ manifest: undefined, diagnostics: ['1:1 error too-deep: the text nests 300 levels deep, more than the limit of 200'] }]);
  const dashes = `${'- '.repeat(250)}x\n`;
  assert.deepEqual(brief(dashes), [{ manifest: undefined, diagnostics: ['1:1 error too-deep: the text nests 251 levels deep, more than the limit of 200'] }]);
});
