// Benchmark against peers: finalized assessments of the same questionnaire version, industry and size
// band. Each figure (the composite score, each dimension) is summarised as the peers' distribution — the
// five-number summary, quartiles by linear interpolation — and where the organization's own score sits
// in it. Nothing is shown with fewer than MIN_PEERS peers, so that no single organization can be recognised.
import type { ScoreResult } from './score.js';

export const MIN_PEERS = 5;

/** The peers' five-number summary. */
export interface Distribution {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/** Where the own score sits among the peers: below Q1, from Q1 to below the median, from the median to Q3, above Q3. */
export const POSITION_BANDS = ['below-q1', 'q1-median', 'median-q3', 'above-q3'] as const;
export type PositionBand = (typeof POSITION_BANDS)[number];

export type Benchmark =
  | {
      shown: true;
      peers: number;
      /** Percentile rank among the peers (ties count half). */
      percentile: number;
      /** The peers' distribution (absent in records signed before it was stored). */
      distribution?: Distribution;
    }
  | { shown: false; peers: number; reason: 'too-few-peers' };

/** Percentile rank (0–100) of `value` among `peers`: those below count fully, ties count half. */
export function percentileRank(value: number, peers: readonly number[]): number {
  const below = peers.filter((p) => p < value).length;
  const equal = peers.filter((p) => p === value).length;
  return Math.round(((below + equal / 2) / peers.length) * 100);
}

/**
 * The p-quantile (0 ≤ p ≤ 1) of ascending `sorted` values by linear interpolation between closest ranks
 * (Hyndman & Fan type 7, the default of R and of spreadsheets' QUARTILE.INC): at position h = (n − 1)·p,
 * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]).
 */
export function quantile(sorted: readonly number[], p: number): number {
  if (!sorted.length) throw new Error('quantile of no values');
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return round(sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]));
}

export function distributionOf(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], q1: quantile(sorted, 0.25), median: quantile(sorted, 0.5), q3: quantile(sorted, 0.75), max: sorted[sorted.length - 1] };
}

/** The band of the own score in the peers' distribution (a score equal to the median counts as from the median up). */
export function positionBand(score: number, d: Distribution): PositionBand {
  if (score > d.q3) return 'above-q3';
  if (score >= d.median) return 'median-q3';
  if (score >= d.q1) return 'q1-median';
  return 'below-q1';
}

/** The band of a percentile rank, for records signed before the distribution was stored. */
export function percentileBand(percentile: number): PositionBand {
  if (percentile > 75) return 'above-q3';
  if (percentile >= 50) return 'median-q3';
  if (percentile >= 25) return 'q1-median';
  return 'below-q1';
}

export function benchmark(value: number, peers: readonly number[]): Benchmark {
  if (peers.length < MIN_PEERS) return { shown: false, peers: peers.length, reason: 'too-few-peers' };
  return { shown: true, peers: peers.length, percentile: percentileRank(value, peers), distribution: distributionOf(peers) };
}

export interface AssessmentBenchmark {
  overall: Benchmark;
  dimensions: Record<string, Benchmark>;
}

/** The peers' scores: overall, and per dimension id (a peer without the dimension is not in its list). */
export interface PeerScores {
  overall: readonly number[];
  dimensions: Readonly<Record<string, readonly number[]>>;
}

/** The peer scores in a set of full results (what the stored columns hold). */
export function peerScoresOf(results: readonly ScoreResult[]): PeerScores {
  const dimensions: Record<string, number[]> = {};
  for (const r of results) for (const d of r.dimensions) (dimensions[d.id] ??= []).push(d.score);
  return { overall: results.map((r) => r.score ?? 0), dimensions };
}

/** The peers' distribution of the score and of each dimension (hidden below the minimum peer count). */
export function benchmarkAgainst(result: ScoreResult, peers: PeerScores): AssessmentBenchmark {
  const dimensions: Record<string, Benchmark> = {};
  for (const d of result.dimensions) dimensions[d.id] = benchmark(d.score, peers.dimensions[d.id] ?? []);
  return { overall: benchmark(result.score ?? result.provisional.score, peers.overall), dimensions };
}

/** Scores are stored to a few decimals; keep interpolated quartiles free of floating-point noise. */
function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
