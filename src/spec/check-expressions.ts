import { ExprError, parseExpression, parseWhen } from '../expr/index.js';
import { collectStrings, type StringSite } from './collect-strings.js';
import { isExpressionField, isWhenField } from './expression-fields.js';
import type { Check, LintContext } from './lint-context.js';
import { objAt } from './read-values.js';
import { scanSafely, withStandIns } from './placeholder-text.js';

/**
 * Every expression must parse: `{{= ...}}` placeholders (expr-lang), `when` (govaluate, after Argo's
 * `{{...}}` substitution, simulated with stand-in values), expr-lang fields, and no `{{` left open.
 * Whether the variables they read exist is check-references' job.
 */
export const checkExpressions: Check = (ctx) => {
  if (!ctx.site) return;
  for (const site of stringsToCheck(ctx)) {
    const scanned = scanSafely(site.text);
    if ('error' in scanned) {
      ctx.report('error', 'invalid-expression', site.path, `"${preview(site.text)}": ${scanned.error.message}`);
      continue;
    }
    for (const p of scanned.placeholders) {
      if (p.kind !== 'expression') continue;
      const error = parseError(() => parseExpression(p.inner));
      if (error) ctx.report('error', 'invalid-expression', site.path, `{{=${p.inner}}}: ${error.message}`);
    }
    const key = String(site.path[site.path.length - 1]);
    if (isWhenField(site.path)) {
      const error = parseError(() => parseWhen(withStandIns(site.text, scanned.placeholders)));
      if (error) ctx.report('error', 'invalid-expression', site.path, `when "${preview(site.text)}": ${error.message}`);
    }
    if (isExpressionField(site.path)) {
      const error = parseError(() => parseExpression(withStandIns(site.text, scanned.placeholders)));
      if (error) ctx.report('error', 'invalid-expression', site.path, `${key} "${preview(site.text)}": ${error.message}`);
    }
  }
};

/** The strings Argo treats as templates: everything in templates and hooks, and a CronWorkflow's `when`. */
export function stringsToCheck(ctx: LintContext): StringSite[] {
  const site = ctx.site!;
  const out = [
    ...collectStrings(site.spec['templates'], [...site.path, 'templates']),
    ...collectStrings(site.spec['hooks'], [...site.path, 'hooks']),
  ];
  const cronWhen = site.kind === 'CronWorkflow' ? objAt(ctx.manifest['spec'])?.['when'] : undefined;
  if (typeof cronWhen === 'string') out.push({ text: cronWhen, path: ['spec', 'when'] });
  return out;
}

function parseError(parse: () => unknown): ExprError | undefined {
  try {
    parse();
    return undefined;
  } catch (err) {
    if (err instanceof ExprError) return err;
    throw err;
  }
}

function preview(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}
