const MAX_CANDIDATES = 500;

/**
 * The candidate closest to `name`, for "did you mean": a case-only difference, or an edit distance of at
 * most 2 and at most half the name (so `x` never suggests `a`).
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  // Suggestions are a nicety: never let a hostile manifest with thousands of names make them quadratic.
  if (list.length > MAX_CANDIDATES) return undefined;
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(name.length / 2)) + 1;
  for (const candidate of list) {
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0 : distance(name, candidate, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** " (did you mean "x"?)" or "". */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const best = closestName(name, candidates);
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

// Levenshtein distance, giving up early once it exceeds `limit` (names are short; this stays cheap).
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    prev = row;
  }
  return prev[b.length] ?? limit;
}
