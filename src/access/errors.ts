import { KeyflowError } from '../errors/index.js';

export type AccessErrorCode = 'ERR_AUTHZ_INVALID' | 'ERR_AUTHZ_DENIED' | 'ERR_AUTHZ_ESCALATION' | 'ERR_AUTHZ_SYSTEM_ROLE';

/**
 * Every failure of the access domain. For ERR_AUTHZ_INVALID, `problems` lists each field at fault
 * (`spec.actions[2]: unknown verb 'explode' for resource 'workflow'`); the message joins them.
 */
export class AccessError extends KeyflowError {
  declare readonly code: AccessErrorCode;
  readonly problems: readonly string[];

  constructor(code: AccessErrorCode, message: string, problems: readonly string[] = [], options?: { cause?: unknown }) {
    super(code, message, options);
    this.problems = Object.freeze([...problems]);
  }
}

/** How many problems a message quotes before saying "and N more". */
const QUOTED_PROBLEMS = 10;

/** ERR_AUTHZ_INVALID for `what` (e.g. `RoleBinding a/viewers`) with every problem found. */
export function invalidAccessObject(what: string, problems: readonly string[]): AccessError {
  const shown = problems.slice(0, QUOTED_PROBLEMS).join('; ');
  const more = problems.length > QUOTED_PROBLEMS ? `; and ${problems.length - QUOTED_PROBLEMS} more` : '';
  return new AccessError('ERR_AUTHZ_INVALID', `invalid ${what}: ${shown}${more}`, problems);
}

/** ERR_AUTHZ_DENIED for a request that `decision` refused (the server's 403). */
export function deniedError(action: string, resource: { kind: string; namespace?: string; name?: string }, decision: { reason: { text: string } }): AccessError {
  const target = `${resource.kind}${resource.name !== undefined ? ` ${resource.name}` : ''}${resource.namespace !== undefined ? ` in namespace ${resource.namespace}` : ''}`;
  return new AccessError('ERR_AUTHZ_DENIED', `${action} on ${target} is not allowed: ${decision.reason.text}`);
}

/** ERR_AUTHZ_ESCALATION for a failed checkGrant. */
export function escalationError(check: { reason: { text: string } }): AccessError {
  return new AccessError('ERR_AUTHZ_ESCALATION', check.reason.text);
}
