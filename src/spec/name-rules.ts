/**
 * Name rules, from Kubernetes (RFC 1123) and Argo's validate.go. Each returns why a name is invalid,
 * or undefined when it is fine.
 */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const GENERATE_NAME = /^[a-z0-9]([-.a-z0-9]*)?$/;
/** Argo workflowFieldNameFmt: templates, steps and tasks. */
const FIELD_NAME = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
const FIELD_NAME_MAX = 128;
/** Argo paramOrArtifactNameRegex. */
const PARAM_NAME = /^[-a-zA-Z0-9_]+$/;
const SHELL_META = /[;&|$`<>(){}\\'"*?!#~\s]/g;

function offending(name: string): string {
  const found = [...new Set(name.match(SHELL_META) ?? [])].map((c) => (c.trim() === '' ? 'whitespace' : `'${c}'`));
  return found.length > 0 ? ` (contains ${found.join(', ')})` : '';
}

/** metadata.name: a lowercase RFC 1123 subdomain, at most `max` characters (Argo: 63, CronWorkflow: 52). */
export function objectNameProblem(name: string, max: number): string | undefined {
  if (name.length > max) return `must be at most ${max} characters (it has ${name.length})`;
  if (!DNS_SUBDOMAIN.test(name)) {
    return `must be a lowercase RFC 1123 subdomain: a-z, 0-9, '-' and '.', starting and ending with a letter or digit${offending(name)}`;
  }
  return undefined;
}

/** metadata.generateName: a prefix of a valid name (may end in '-' or '.'). */
export function generateNameProblem(prefix: string): string | undefined {
  if (prefix.length > 253) return `must be at most 253 characters (it has ${prefix.length})`;
  if (!GENERATE_NAME.test(prefix)) return `must be lowercase a-z, 0-9, '-' and '.', starting with a letter or digit${offending(prefix)}`;
  return undefined;
}

/** Template, step and task names (Argo isValidWorkflowFieldName). */
export function fieldNameProblem(name: string): string | undefined {
  if (name.length > FIELD_NAME_MAX) return `must be at most ${FIELD_NAME_MAX} characters (it has ${name.length})`;
  if (!FIELD_NAME.test(name)) {
    return `must consist of alphanumeric characters or '-' and start with an alphanumeric character${offending(name)}`;
  }
  return undefined;
}

/** Parameter and artifact names (Argo isValidParamOrArtifactName). */
export function paramNameProblem(name: string): string | undefined {
  if (!PARAM_NAME.test(name)) return `must consist of alphanumeric characters, '_' or '-'${offending(name)}`;
  return undefined;
}
