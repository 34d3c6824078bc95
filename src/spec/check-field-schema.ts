import { didYouMean } from './closest-name.js';
import type { Check, LintContext } from './lint-context.js';
import type { SchemaName } from './schema-types.js';
import { walkSchema, type SchemaVisitor } from './walk-schema.js';

const ROOT: Record<string, SchemaName> = {
  Workflow: 'workflow',
  WorkflowTemplate: 'workflow-template',
  ClusterWorkflowTemplate: 'workflow-template',
  CronWorkflow: 'cron-workflow',
};

function walk(ctx: LintContext, visitor: Partial<SchemaVisitor>): void {
  if (ctx.cls.class !== 'workflow') return;
  walkSchema(ctx.manifest, { object: ROOT[ctx.cls.kind]! }, [], {
    unknownField: visitor.unknownField ?? (() => undefined),
    invalidType: visitor.invalidType ?? (() => undefined),
  });
}

/** A field of the wrong type (a string where Argo expects a list...) would fail Argo's decoding: an error. */
export const checkFieldTypes: Check = (ctx) => walk(ctx, {
  invalidType: (path, expected, actual) => {
    const name = path.length > 0 ? String(path[path.length - 1]) : 'document';
    const label = typeof path[path.length - 1] === 'number' ? 'this entry' : `field "${name}"`;
    // YAML 1.1 (which Kubernetes uses) reads y, n, yes, no, on, off as booleans: a classic surprise.
    const hint = actual === 'a boolean' && expected.includes('string') ? ' (YAML reads y/n/yes/no/on/off/true/false as booleans: quote the value)' : '';
    ctx.report('error', 'invalid-type', path, `${label} must be ${expected}, not ${actual}${hint}`);
  },
});

/**
 * A field Argo does not know is most often a typo (`dependecies`) that silently changes meaning, so it is
 * a warning with a suggestion; Argo's own field list (including Kubernetes pod fields) keeps real
 * manifests quiet.
 */
export const checkUnknownFields: Check = (ctx) => walk(ctx, {
  unknownField: (path, key, known) => {
    ctx.report('warning', 'unknown-field', path, `unknown field "${key}"${didYouMean(key, known)}`, 'key');
  },
});
