/** Audit entries for tests: a valid one, and n of them with distinct names and times. */
import type { AuditEntry } from '../../src/audit/index.js';

export const ALICE = {
  issuer: 'https://idp.example.com',
  subject: 'u-1001',
  username: 'alice',
  groups: ['payments', 'oncall'],
  kind: 'user' as const,
};

/** A complete, valid entry; `overrides` replace top-level fields. */
export function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: '2024-05-01T10:00:00.000Z',
    principal: ALICE,
    action: 'workflow:create',
    resource: { kind: 'Workflow', namespace: 'payments', name: 'nightly-7f3a' },
    decision: 'allowed',
    reason: 'allowed by RoleBinding payments/devs (ClusterRole editor: workflow:*)',
    requestId: 'req-1',
    sourceAddress: '10.0.0.7',
    outcome: 'success',
    details: { template: 'nightly', parameters: ['date'] },
    ...overrides,
  };
}

/** `count` entries: workflow i in namespace ns-(i mod 3), by alice or bob, every fourth denied. */
export function entries(count: number, start = 0): AuditEntry[] {
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    return entry({
      time: new Date(Date.UTC(2024, 4, 1, 10, 0, 0, i)).toISOString(),
      principal: i % 2 === 0 ? ALICE : { ...ALICE, subject: 'u-1002', username: 'bob', groups: [] },
      action: i % 4 === 3 ? 'workflow:delete' : 'workflow:create',
      resource: { kind: 'Workflow', namespace: `ns-${i % 3}`, name: `wf-${i}` },
      decision: i % 4 === 3 ? 'denied' : 'allowed',
      outcome: i % 4 === 3 ? 'failure' : 'success',
      requestId: `req-${i}`,
      details: { i },
    });
  });
}
