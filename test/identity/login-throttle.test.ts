import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoginThrottle } from '../../src/identity/login-throttle.js';

function throttleAt(start = 0) {
  const clock = { now: start };
  return { clock, throttle: new LoginThrottle({}, () => clock.now) };
}

test('five failures lock the user name for this address for a minute, doubling on each further failure', () => {
  const { clock, throttle } = throttleAt();
  for (let i = 0; i < 4; i++) throttle.recordFailure('alice', '10.0.0.1');
  assert.equal(throttle.retryAfterMs('alice', '10.0.0.1'), 0);
  throttle.recordFailure('alice', '10.0.0.1');
  assert.equal(throttle.retryAfterMs('alice', '10.0.0.1'), 60_000);
  clock.now += 60_000;
  assert.equal(throttle.retryAfterMs('alice', '10.0.0.1'), 0);
  throttle.recordFailure('alice', '10.0.0.1');
  assert.equal(throttle.retryAfterMs('alice', '10.0.0.1'), 120_000);
});

test('the lock is per user name (case-insensitive) and address', () => {
  const { throttle } = throttleAt();
  for (let i = 0; i < 5; i++) throttle.recordFailure('Alice', '10.0.0.1');
  assert.equal(throttle.retryAfterMs('alice', '10.0.0.1'), 60_000);
  assert.equal(throttle.retryAfterMs('alice', '10.0.0.2'), 0);
  assert.equal(throttle.retryAfterMs('bob', '10.0.0.1'), 0);
});

test('a success forgets the failures; so does a quiet window', () => {
  const { clock, throttle } = throttleAt();
  for (let i = 0; i < 4; i++) throttle.recordFailure('alice', 'ip');
  throttle.recordSuccess('alice', 'ip');
  throttle.recordFailure('alice', 'ip');
  assert.equal(throttle.retryAfterMs('alice', 'ip'), 0);
  for (let i = 0; i < 3; i++) throttle.recordFailure('alice', 'ip');
  clock.now += 15 * 60_000 + 1;
  throttle.recordFailure('alice', 'ip');
  assert.equal(throttle.retryAfterMs('alice', 'ip'), 0);
});

test('locks are capped at one hour', () => {
  const { throttle } = throttleAt();
  for (let i = 0; i < 40; i++) throttle.recordFailure('alice', 'ip');
  assert.equal(throttle.retryAfterMs('alice', 'ip'), 60 * 60_000);
});

test('memory is bounded: the oldest key is dropped first', () => {
  const clock = { now: 0 };
  const throttle = new LoginThrottle({ maxKeys: 3 }, () => clock.now);
  for (const name of ['a', 'b', 'c', 'd']) for (let i = 0; i < 5; i++) throttle.recordFailure(name, 'ip');
  assert.equal(throttle.retryAfterMs('a', 'ip'), 0);
  assert.equal(throttle.retryAfterMs('d', 'ip'), 60_000);
});
