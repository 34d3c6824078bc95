import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkArchiveEntry } from '../../src/executors/check-archive-entry.js';

test('accepts files, directories and links that stay inside the artifact', () => {
  for (const entry of [
    { path: 'data/', type: 'Directory' },
    { path: 'data/a.txt', type: 'File' },
    { path: './data/sub/b', type: 'File' },
    { path: 'data/link', type: 'SymbolicLink', linkpath: 'a.txt' },
    { path: 'data/sub/up', type: 'SymbolicLink', linkpath: '../a.txt' },
    { path: 'data/hard', type: 'Link', linkpath: 'data/a.txt' },
  ]) assert.equal(checkArchiveEntry(entry), undefined, entry.path);
});

test('refuses absolute paths, ".." components and device nodes', () => {
  assert.equal(checkArchiveEntry({ path: '/etc/passwd', type: 'File' }), 'has an absolute path');
  assert.equal(checkArchiveEntry({ path: 'data/../../x', type: 'File' }), 'contains ".."');
  assert.equal(checkArchiveEntry({ path: 'data/tty', type: 'CharacterDevice' }), 'is a CharacterDevice, which artifacts may not contain');
  assert.equal(checkArchiveEntry({ path: 'data/pipe', type: 'FIFO' }), 'is a FIFO, which artifacts may not contain');
});

test('refuses links whose target leaves the artifact', () => {
  assert.equal(checkArchiveEntry({ path: 'data/l', type: 'SymbolicLink', linkpath: '/etc/shadow' }), 'links to "/etc/shadow", outside the artifact');
  assert.equal(checkArchiveEntry({ path: 'data/l', type: 'SymbolicLink', linkpath: '../sibling' }), 'links to "../sibling", outside the artifact');
  assert.equal(checkArchiveEntry({ path: 'data/l', type: 'Link', linkpath: '../x' }), 'links to "../x", outside the artifact');
  assert.equal(checkArchiveEntry({ path: 'data', type: 'SymbolicLink', linkpath: 'data' }), 'is a link at the top of the artifact');
});
