/**
 * Order statistics shared by the benchmarks: the median of repeated runs and the
 * quantiles of a latency sample. Kept here so that every benchmark reports them the same way.
 */

/** The middle value (the upper one of an even count); 0 when there are none. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

/** The q-quantile (0 to 1) of values sorted in ascending order, by nearest rank; 0 when there are none. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
