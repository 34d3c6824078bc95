import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { configPath, readConfig, withConfigLock, writeConfig, type CliConfig } from '../../../src/cli/remote/index.js';
import { isKeyflowError } from '../../../src/errors/index.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyflow-config-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLE: CliConfig = {
  version: 1,
  current: 'https://k.example',
  servers: { 'https://k.example': { issuer: 'https://k.example/oidc', clientId: 'keyflow-cli', kind: 'user', accessToken: 'at', refreshToken: 'rt', expiresAt: '2030-01-01T00:00:00.000Z' } },
};

test('the config path is $KEYFLOW_CONFIG, else $XDG_CONFIG_HOME/keyflow, else ~/.config/keyflow', () => {
  assert.equal(configPath({ KEYFLOW_CONFIG: '/x/c.json' }), '/x/c.json');
  assert.equal(configPath({ XDG_CONFIG_HOME: '/xdg' }), '/xdg/keyflow/config.json');
  assert.equal(configPath({}), join(homedir(), '.config', 'keyflow', 'config.json'));
});

test('a missing config file reads as no servers', () => {
  assert.deepEqual(readConfig(join(dir, 'none', 'config.json')), { version: 1, servers: {} });
});

test('writeConfig creates the file with mode 0600 in a 0700 directory and reads back the same', () => {
  const file = join(dir, 'new', 'config.json');
  writeConfig(file, SAMPLE);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'new')).mode & 0o777, 0o700);
  assert.deepEqual(readConfig(file), SAMPLE);
  assert.equal(existsSync(`${file}.${process.pid}.tmp`), false);
});

test('a config file readable by group or others is refused with the chmod to run', () => {
  const file = join(dir, 'open.json');
  writeFileSync(file, JSON.stringify(SAMPLE), { mode: 0o644 });
  chmodSync(file, 0o644);
  assert.throws(() => readConfig(file), (err: unknown) => {
    assert.ok(isKeyflowError(err, 'ERR_CLI_CONFIG'));
    assert.equal(err.message, `the config file ${file} holds tokens but is readable by group or others (mode 0644); run 'chmod 600 ${file}'`);
    return true;
  });
  chmodSync(file, 0o640);
  assert.throws(() => readConfig(file), /mode 0640/);
});

test('a config file that is not JSON, or not a Keyflow config, is refused with where it is wrong', () => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{nope', { mode: 0o600 });
  assert.throws(() => readConfig(bad), { message: `the config file ${bad} is not valid JSON; fix it or remove it and log in again` });
  writeFileSync(bad, JSON.stringify({ version: 1, servers: { s: { issuer: 1 } } }), { mode: 0o600 });
  assert.throws(() => readConfig(bad), { message: `the config file ${bad} is not a Keyflow CLI config (servers.s.issuer: Expected string, received number)` });
});

test('writeConfig never leaves a world-readable file, whatever the umask', () => {
  const file = join(dir, 'umask.json');
  const old = process.umask(0);
  try {
    writeConfig(file, SAMPLE);
  } finally {
    process.umask(old);
  }
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).servers['https://k.example'].accessToken, 'at');
});

test('withConfigLock runs holders one at a time', async () => {
  const file = join(dir, 'locked.json');
  const order: string[] = [];
  const hold = (name: string) => withConfigLock(file, async () => {
    order.push(`${name}+`);
    await new Promise((r) => setTimeout(r, 30));
    order.push(`${name}-`);
  });
  await Promise.all([hold('a'), hold('b'), hold('c')]);
  for (let i = 0; i < order.length; i += 2) assert.equal(order[i]?.slice(0, 1), order[i + 1]?.slice(0, 1));
  assert.equal(existsSync(`${file}.lock`), false);
});

test('a lock file left by a dead process is broken once it is old', async () => {
  const file = join(dir, 'stale.json');
  writeFileSync(`${file}.lock`, '');
  const old = new Date(Date.now() - 120_000);
  utimesSync(`${file}.lock`, old, old);
  assert.equal(await withConfigLock(file, async () => 'ran'), 'ran');
});

test('a config file owned by another user is refused (it could hold planted tokens)', { skip: process.getuid?.() !== 0 && 'needs root to give a file away' }, () => {
  const file = join(dir, 'theirs.json');
  writeFileSync(file, JSON.stringify(SAMPLE), { mode: 0o600 });
  chownSync(file, 65534, 65534);
  assert.throws(() => readConfig(file), { code: 'ERR_CLI_CONFIG', message: `the config file ${file} belongs to another user (uid 65534); refusing to use it` });
});
