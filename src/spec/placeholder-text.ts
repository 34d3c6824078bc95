import { ExprError, scanPlaceholders, type Placeholder } from '../expr/index.js';

/** The placeholders of a string, or the ExprError that scanning raised (an unterminated `{{`). */
export function scanSafely(text: string): { placeholders: Placeholder[] } | { error: ExprError } {
  if (!text.includes('{{')) return { placeholders: [] };
  try {
    return { placeholders: scanPlaceholders(text) };
  } catch (err) {
    if (err instanceof ExprError) return { error: err };
    throw err;
  }
}

/**
 * The text with each placeholder replaced by a stand-in value, the way Argo substitutes `{{...}}` before
 * it parses a `when` or an expression. After a digit the stand-in is `0` (so `5{{x}}` stays a number),
 * elsewhere a plain word (so `{{x}}abc` stays one token).
 */
export function withStandIns(text: string, placeholders: readonly Placeholder[]): string {
  let out = '';
  let last = 0;
  for (const p of placeholders) {
    const before = text.slice(last, p.start);
    out += before + (/[0-9]$/.test(out + before) ? '0' : 'kfvalue');
    last = p.end;
  }
  return out + text.slice(last);
}
