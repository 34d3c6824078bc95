import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveRunAs } from '../../src/executors/resolve-run-as.js';

test('root defaults tasks to uid/gid 65534', async () => {
  assert.deepEqual(await resolveRunAs(undefined, false, 0), { uid: 65534, gid: 65534 });
});

test('a user name is looked up in /etc/passwd', async () => {
  assert.deepEqual(await resolveRunAs('nobody', false, 0), { uid: 65534, gid: 65534 });
  await assert.rejects(resolveRunAs('no-such-user-kf', false, 0), { name: 'TypeError', message: 'runAsUser "no-such-user-kf" is not a user in /etc/passwd' });
});

test('root tasks are refused unless allowRoot', async () => {
  await assert.rejects(resolveRunAs({ uid: 0, gid: 0 }, false, 0), { code: 'ERR_EXECUTOR_ROOT_REFUSED' });
  assert.deepEqual(await resolveRunAs({ uid: 0, gid: 0 }, true, 0), { uid: 0, gid: 0 });
});

test('a non-root Keyflow runs tasks as itself and cannot switch users', async () => {
  assert.equal(await resolveRunAs(undefined, false, 1000), undefined);
  assert.equal(await resolveRunAs({ uid: 1000, gid: 1000 }, false, 1000), undefined);
  await assert.rejects(resolveRunAs({ uid: 1001, gid: 1001 }, false, 1000), { name: 'TypeError', message: 'runAsUser uid 1001 needs Keyflow to run as root (it runs as uid 1000)' });
});

test('invalid ids are a TypeError', async () => {
  await assert.rejects(resolveRunAs({ uid: -1, gid: 0 }, false, 0), { name: 'TypeError', message: 'runAsUser.uid must be an integer between 0 and 4294967294, got -1' });
});
