import { ExprError, expressionIdentifiers, parseExpression } from '../expr/index.js';
import { buildGlobalScope } from './build-global-scope.js';
import { buildTemplateScope, TemplateNodes } from './build-node-scopes.js';
import { collectStrings, type StringSite } from './collect-strings.js';
import { isExpressionField } from './expression-fields.js';
import type { Check, LintContext } from './lint-context.js';
import { scanSafely, withStandIns } from './placeholder-text.js';
import { isObj } from './read-values.js';
import { explainUnresolved, isValidatedTag, pathResolves, tagResolves, type ReferenceScope } from './reference-scope.js';

/** Roots of expression paths lint can check; other names (functions, `lastRetry`, `sprig`) are not variables we track. */
const EXPRESSION_ROOTS = new Set(['inputs', 'steps', 'tasks', 'workflow', 'item']);

/**
 * Every `{{...}}` and expression variable must resolve where it is used: inputs of the template, outputs
 * of steps in EARLIER groups or of tasks the task depends on, workflow parameters, `item` inside loops.
 * The scopes follow Argo's validate.go; where Argo is looser than its own run time (a parallel sibling's
 * outputs, a task that is not a dependency) lint reports what would fail when the workflow runs.
 */
export const checkReferences: Check = (ctx) => {
  if (!ctx.site) return;
  const global = buildGlobalScope(ctx);
  checkStrings(ctx, collectStrings(ctx.site.spec['hooks'], [...ctx.site.path, 'hooks']), global);
  // Keyed by path: inline templates name their carrier step by a separate InvocationSite object.
  const carried = new Map<string, ReferenceScope>();
  for (const site of ctx.templates) {
    const outer = site.carrier ? carried.get(JSON.stringify(site.carrier.path)) ?? global : global;
    const base = buildTemplateScope(site, outer);
    const nodes = new TemplateNodes(ctx, site);
    checkStrings(ctx, collectStrings(site.template, site.path, ['steps', 'dag']), nodes.templateScope(base));
    for (const inv of nodes.invocations) {
      const scope = nodes.invocationScope(base, inv);
      carried.set(JSON.stringify(inv.path), scope);
      checkStrings(ctx, collectStrings(inv.invocation, inv.path, ['inline', 'hooks']), scope);
      if (isObj(inv.invocation['hooks'])) {
        checkStrings(ctx, collectStrings(inv.invocation['hooks'], [...inv.path, 'hooks']), nodes.hookScope(scope, inv));
      }
    }
  }
};

function checkStrings(ctx: LintContext, sites: StringSite[], scope: ReferenceScope): void {
  for (const site of sites) {
    const scanned = scanSafely(site.text);
    if ('error' in scanned) continue; // reported by check-expressions
    for (const p of scanned.placeholders) {
      if (p.kind === 'simple') {
        if (isValidatedTag(p.inner) && !tagResolves(scope, p.inner)) {
          ctx.report('error', 'unresolved-reference', site.path, explainUnresolved(scope, p.inner));
        }
      } else checkExpression(ctx, p.inner, site, scope);
    }
    if (isExpressionField(site.path)) checkExpression(ctx, withStandIns(site.text, scanned.placeholders), site, scope);
  }
}

function checkExpression(ctx: LintContext, text: string, site: StringSite, scope: ReferenceScope): void {
  let paths: string[][];
  try {
    paths = expressionIdentifiers(parseExpression(text));
  } catch (err) {
    if (err instanceof ExprError) return; // syntax is reported by check-expressions
    throw err;
  }
  const reported = new Set<string>();
  for (const path of paths) {
    const root = path[0];
    if (root === undefined || !EXPRESSION_ROOTS.has(root)) continue;
    const tag = path.join('.');
    if (reported.has(tag) || pathResolves(scope, tag)) continue;
    reported.add(tag);
    ctx.report('error', 'unresolved-reference', site.path, explainUnresolved(scope, tag).replace(`{{${tag}}}`, tag));
  }
}
