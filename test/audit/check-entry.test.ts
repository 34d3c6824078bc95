import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AUDIT_LIMITS, checkEntry, type AuditEntry } from '../../src/audit/index.js';
import { ALICE, entry } from './fixtures.js';

function refuses(overrides: Partial<AuditEntry> | AuditEntry, message: string, code = 'ERR_AUDIT_INVALID_RECORD'): void {
  assert.throws(() => checkEntry({ ...entry(), ...overrides } as AuditEntry), (err: Error & { code: string; status: number }) => {
    assert.equal(err.name, 'AuditError');
    assert.equal(err.code, code);
    assert.equal(err.message, message);
    assert.equal(err.status, 500);
    return true;
  });
}

describe('checkEntry', () => {
  test('fills the optional fields with one encoding of "absent"', () => {
    const fields = checkEntry({
      time: '2024-05-01T10:00:00.000Z',
      principal: { issuer: '', subject: 'system:controller', kind: 'system' },
      action: 'task:start',
      decision: 'allowed',
      outcome: 'success',
    });
    assert.deepEqual(fields, {
      time: '2024-05-01T10:00:00.000Z',
      principal: { issuer: '', subject: 'system:controller', username: '', groups: [], kind: 'system' },
      action: 'task:start',
      resource: { kind: '', namespace: '', name: '' },
      decision: 'allowed',
      reason: '',
      requestId: null,
      sourceAddress: null,
      outcome: 'success',
      details: {},
    });
  });

  test('accepts every principal kind and event-style actions', () => {
    for (const kind of ['user', 'serviceaccount', 'task', 'system', 'anonymous'] as const) {
      for (const action of ['workflow:create', 'auth:login', 'token:issue', 'task:finish', 'rolebinding:create', 'audit:read']) {
        assert.equal(checkEntry(entry({ principal: { ...ALICE, kind }, action })).action, action);
      }
    }
  });

  test('refuses times that are not ISO-8601 UTC with milliseconds', () => {
    for (const time of ['2024-02-31T10:00:00.000Z', '2023-02-29T10:00:00.000Z', '2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000+02:00', '2024-13-01T10:00:00.000Z', 'yesterday', 1714557600000]) {
      refuses({ time } as never, 'audit entry time must be an ISO-8601 UTC time with milliseconds (2024-05-01T10:00:00.000Z)');
    }
  });

  test('refuses actions that are not resource:verb', () => {
    for (const action of ['workflow', 'Workflow:create', 'workflow:create:x', 'workflow: create', ':create', '']) {
      refuses({ action }, "audit entry action must be 'resource:verb' or 'event:name' (e.g. workflow:create, auth:login)");
    }
  });

  test('refuses unknown decisions, outcomes and principal kinds', () => {
    refuses({ decision: 'maybe' } as never, "audit entry decision must be 'allowed' or 'denied'");
    refuses({ outcome: 'ok' } as never, "audit entry outcome must be 'success' or 'failure'");
    refuses({ principal: { ...ALICE, kind: 'robot' } } as never, 'audit entry principal.kind must be one of user, serviceaccount, task, system, anonymous');
  });

  test('refuses missing or mistyped fields, naming them', () => {
    refuses({ principal: null } as never, 'audit entry principal must be an object');
    refuses({ principal: { ...ALICE, subject: 7 } } as never, 'audit entry principal.subject must be a string');
    refuses({ principal: { ...ALICE, groups: 'admins' } } as never, 'audit entry principal.groups must be an array of strings');
    refuses({ principal: { ...ALICE, groups: ['a', 1] } } as never, 'audit entry principal.groups[1] must be a string');
    refuses({ resource: { kind: 'Workflow', name: 5 } } as never, 'audit entry resource.name must be a string');
    refuses({ requestId: 42 } as never, 'audit entry requestId must be a string');
    refuses({ details: [] } as never, 'audit entry details must be a JSON object');
  });

  test('refuses strings PostgreSQL or UTF-8 cannot store as given', () => {
    refuses({ reason: 'a\u0000b' }, 'audit entry reason contains a NUL character');
    refuses({ resource: { kind: 'Workflow', namespace: 'ns', name: '\ud800' } }, 'audit entry resource.name contains a lone UTF-16 surrogate');
    refuses({ details: { note: 'x\u0000' } }, 'audit entry details.note contains a NUL character');
    refuses({ details: { list: [{ 'k\u0000': 1 }] } }, 'audit entry details.list[0] has a key with a NUL character');
    refuses({ details: { s: '\udfff' } }, 'audit entry details.s contains a lone UTF-16 surrogate');
  });

  test('refuses details that are not plain JSON', () => {
    refuses({ details: { n: Number.NaN } } as never, 'audit entry details.n is NaN, which JSON cannot represent');
    refuses({ details: { at: new Date(0) } } as never, 'audit entry details.at is a Date, not a plain object');
    refuses({ details: { u: undefined } } as never, 'audit entry details.u is undefined, which JSON cannot represent');
  });

  test('enforces the size limits', () => {
    refuses({ reason: 'r'.repeat(AUDIT_LIMITS.reason + 1) }, 'audit entry reason is longer than 4096 characters');
    refuses({ action: `workflow:${'a'.repeat(AUDIT_LIMITS.field)}` }, 'audit entry action is longer than 1024 characters');
    refuses({ principal: { ...ALICE, groups: Array.from({ length: 1001 }, (_, i) => `g${i}`) } }, 'audit entry principal.groups has more than 1000 entries');
    refuses({ details: { blob: 'x'.repeat(AUDIT_LIMITS.detailsBytes) } }, 'audit entry details is larger than 65536 bytes as JSON');
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 20; i++) deep = (deep.d = {}) as Record<string, unknown>;
    refuses({ details: root } as never, `audit entry details${'.d'.repeat(16)} is nested deeper than 16 levels`);
  });

  test('refuses secret-looking details outright (stripping is the log\'s choice, before chaining)', () => {
    refuses({ details: { clientSecret: 'abc' } }, 'audit details.clientSecret is named like a secret; record names and ids only, never secret values',
      'ERR_AUDIT_SECRET_DETAIL');
  });
});
