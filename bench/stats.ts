// Order statistics of measured times, the one way every bench takes them: the value at floor(p% of n) of the
// sorted values (the median of an even count is the upper middle one).
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export const median = (values: readonly number[]): number => percentile(values, 50);
