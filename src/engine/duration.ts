import { EngineError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses Argo durations: a bare number means seconds ("30", 30), otherwise Go-style sums such as
 * "1h30m", "10s", "500ms", plus "d" for days as Argo's suspend accepts. Returns milliseconds.
 */
export function parseDuration(value: string | number, where: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw invalid(value, where);
    return value * 1000;
  }
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw invalid(value, where);
  return parts.reduce((ms, p) => ms + Number(p[1]) * (UNIT_MS[p[2] ?? 's'] ?? 0), 0);
}

function invalid(value: unknown, where: string): EngineError {
  return new EngineError('ERR_ENGINE_PARAMETER_INVALID', `${where}: invalid duration ${JSON.stringify(value)} (use e.g. "30s", "5m", "1h")`);
}
