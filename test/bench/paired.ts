/**
 * Paired measurements for a shared, noisy machine: each pair times A and B back to back, in an order that
 * alternates from pair to pair, so that a burst of other work weighs on both sides; the ratio of each pair is kept.
 */

/** One pair: the two times and A / B. */
export interface Pair {
  a: number;
  b: number;
  ratio: number;
}

/** `runs` pairs of `a()` and `b()` (each resolving with a time), alternating which goes first. */
export async function pairedRatios(
  runs: number,
  a: () => Promise<number>,
  b: () => Promise<number>,
): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (let i = 0; i < runs; i++) {
    let timeA: number;
    let timeB: number;
    if (i % 2 === 0) {
      timeA = await a();
      timeB = await b();
    } else {
      timeB = await b();
      timeA = await a();
    }
    pairs.push({ a: timeA, b: timeB, ratio: timeA / timeB });
  }
  return pairs;
}

/** The p-th quantile (0–1) of the values, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  if (sorted.length === 0) {
    return NaN;
  }
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] ?? NaN;
}
