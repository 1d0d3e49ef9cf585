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

/** Percentiles of the score and of each dimension among peers (hidden below the minimum peer count). */
export function benchmarkAgainst(result: ScoreResult, peers: PeerScores): AssessmentBenchmark {
  const dimensions: Record<string, Benchmark> = {};
  for (const d of result.dimensions) dimensions[d.id] = benchmark(d.score, peers.dimensions[d.id] ?? []);
  return { overall: benchmark(result.score ?? result.provisional.score, peers.overall), dimensions };
}
