import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBwrapArgs } from '../../src/executors/build-bwrap-args.js';
import type { MountPlan } from '../../src/executors/plan-sandbox-mounts.js';

const plan = (over: Partial<MountPlan> = {}): MountPlan => ({
  taskTmp: '/data/tasks/r/n/tmp', rootEntries: [], unfolds: [], binds: [], rootDirs: [], workingDir: '/tmp', ...over,
});
const NS = ['--unshare-user', '--disable-userns', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--die-with-parent', '--new-session'];

test('the common case: read-only host, fresh /dev and /proc, private /tmp, no network', () => {
  assert.deepEqual(buildBwrapArgs(plan(), { network: false, hide: ['/data'], asRoot: false }, ['echo', 'hi']), [
    '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/data', '--bind', '/data/tasks/r/n/tmp', '/tmp',
    '--remount-ro', '/data', ...NS, '--unshare-net', '--chdir', '/tmp', '--', 'echo', 'hi',
  ]);
});

test('network on keeps the host network; bwrap as root drops all capabilities', () => {
  const args = buildBwrapArgs(plan(), { network: true, hide: [], asRoot: true }, ['true']);
  assert.equal(args.includes('--unshare-net'), false);
  assert.deepEqual(args.slice(-7), ['--new-session', '--cap-drop', 'ALL', '--chdir', '/tmp', '--', 'true']);
});

test('a private root re-creates host entries read-only, then unfolds, then binds, then read-only remounts', () => {
  const args = buildBwrapArgs(plan({
    rootDir: '/t/root', rootEntries: [{ name: 'usr' }, { name: 'bin', link: 'usr/bin' }],
    unfolds: [{ dir: '/mnt', entries: [{ name: 'media' }] }], binds: [{ target: '/mnt/out', hostDir: '/t/mounts/0' }],
  }), { network: false, hide: ['/tmp/data', '/mnt/out/hidden', '/srv/keys'], asRoot: false }, ['true']);
  assert.deepEqual(args.slice(0, args.indexOf('--unshare-user')), [
    '--bind', '/t/root', '/', '--ro-bind-try', '/usr', '/usr', '--symlink', 'usr/bin', '/bin',
    '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/mnt', '--ro-bind-try', '/mnt/media', '/mnt/media',
    '--tmpfs', '/srv/keys', '--bind', '/data/tasks/r/n/tmp', '/tmp', '--bind', '/t/mounts/0', '/mnt/out',
    '--remount-ro', '/mnt', '--remount-ro', '/srv/keys',
  ]);
});
