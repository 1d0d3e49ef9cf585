// Benchmark against peers: percentile rank among finalized assessments of the same questionnaire
// version, industry and size band, shown only with enough peers that no single one can be recognised.
import type { ScoreResult } from './score.js';

export const MIN_PEERS = 5;

export type Benchmark = { shown: true; peers: number; percentile: number } | { shown: false; peers: number; reason: 'too-few-peers' };

/** Percentile rank (0–100) of `value` among `peers`: those below count fully, ties count half. */
export function percentileRank(value: number, peers: readonly number[]): number {
  const below = peers.filter((p) => p < value).length;
  const equal = peers.filter((p) => p === value).length;
  return Math.round(((below + equal / 2) / peers.length) * 100);
}

export function benchmark(value: number, peers: readonly number[]): Benchmark {
  if (peers.length < MIN_PEERS) return { shown: false, peers: peers.length, reason: 'too-few-peers' };
  return { shown: true, peers: peers.length, percentile: percentileRank(value, peers) };
}

export interface AssessmentBenchmark {
  overall: Benchmark;
  dimensions: Record<string, Benchmark>;
}

/** Percentiles of the score and of each dimension among peers (hidden below the minimum peer count). */
export function benchmarkAgainst(result: ScoreResult, peers: readonly ScoreResult[]): AssessmentBenchmark {
  const dimensions: Record<string, Benchmark> = {};
  for (const d of result.dimensions) {
    const values = peers.map((p) => p.dimensions.find((x) => x.id === d.id)?.score).filter((v): v is number => v !== undefined);
    dimensions[d.id] = benchmark(d.score, values);
  }
  return { overall: benchmark(result.score ?? result.provisional.score, peers.map((p) => p.score ?? 0)), dimensions };
}
