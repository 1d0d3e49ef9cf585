// Peers for the benchmark: finalized assessments of the same questionnaire version whose
// organizations share the industry and size band, read from stored scores.
import type { Kysely } from 'kysely';
import { benchmark, type Benchmark } from '../domain/scoring/benchmark.js';
import type { ScoreResult } from '../domain/scoring/score.js';
import type { Assessment, Database, Organization } from '../db/schema.js';

export interface AssessmentBenchmark {
  overall: Benchmark;
  dimensions: Record<string, Benchmark>;
}

export async function peerResults(db: Kysely<Database>, assessment: Assessment, org: Organization): Promise<ScoreResult[]> {
  const rows = await db
    .selectFrom('assessments')
    .innerJoin('organizations', 'organizations.id', 'assessments.org_id')
    .innerJoin('assessment_scores', 'assessment_scores.assessment_id', 'assessments.id')
    .select('assessment_scores.result_json')
    .where('assessments.status', '=', 'finalized')
    .where('assessments.questionnaire_id', '=', assessment.questionnaire_id)
    .where('assessments.questionnaire_version', '=', assessment.questionnaire_version)
    .where('organizations.industry', '=', org.industry)
    .where('organizations.size_band', '=', org.size_band)
    .where('assessments.id', '!=', assessment.id)
    .where('assessment_scores.status', '=', 'ok')
    .execute();
  return rows.map((r) => JSON.parse(r.result_json) as ScoreResult);
}

/** Percentiles of the score and of each dimension among peers (hidden below the minimum peer count). */
export function benchmarkAgainst(result: ScoreResult, peers: ScoreResult[]): AssessmentBenchmark {
  const dimensions: Record<string, Benchmark> = {};
  for (const d of result.dimensions) {
    const values = peers.map((p) => p.dimensions.find((x) => x.id === d.id)?.score).filter((v): v is number => v !== undefined);
    dimensions[d.id] = benchmark(d.score, values);
  }
  return { overall: benchmark(result.score ?? result.provisional.score, peers.map((p) => p.score ?? 0)), dimensions };
}
