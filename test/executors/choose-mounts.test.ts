import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseMounts, type HostDirProbe } from '../../src/executors/choose-mounts.js';

/** A pretend host with these directories. */
const host = (dirs: string[]) => (dir: string): HostDirProbe => {
  if (dirs.includes(dir)) return { isDir: true, deepestExisting: dir };
  let parent = dir;
  while (!dirs.includes(parent) && parent !== '/') parent = parent.slice(0, parent.lastIndexOf('/')) || '/';
  return { isDir: false, deepestExisting: parent };
};

test('an existing host directory gets a private bind', () => {
  assert.deepEqual(chooseMounts(['/work'], host(['/work'])), { privateRoot: false, rootDirs: [], unfolds: [], binds: ['/work'] });
});

test('a missing directory under an existing one unfolds that one', () => {
  assert.deepEqual(chooseMounts(['/mnt/out'], host(['/mnt'])), { privateRoot: false, rootDirs: [], unfolds: ['/mnt'], binds: ['/mnt/out'] });
});

test('files at / and new top-level directories use a private root', () => {
  assert.deepEqual(chooseMounts(['/', '/out/deep'], host(['/mnt'])), { privateRoot: true, rootDirs: ['/out/deep'], unfolds: [], binds: [] });
});

test('a directory inside an already bound one needs no mount of its own', () => {
  assert.deepEqual(chooseMounts(['/work/a/b', '/work'], host(['/work'])), { privateRoot: false, rootDirs: [], unfolds: [], binds: ['/work'] });
});

test('unfolds come shallow first so deeper mounts land on top', () => {
  const choice = chooseMounts(['/var/lib/x/new', '/var/new'], host(['/var', '/var/lib', '/var/lib/x']));
  assert.deepEqual(choice, { privateRoot: false, rootDirs: [], unfolds: ['/var', '/var/lib/x'], binds: ['/var/new', '/var/lib/x/new'] });
});

test('a probe problem is returned as the message', () => {
  const problem = 'host path /lib is a symbolic link; use a path under /tmp or a directory reached without links';
  assert.equal(chooseMounts(['/lib/out'], () => ({ isDir: false, deepestExisting: '/', problem })), problem);
});
