// Peers for the benchmark: finalized assessments of the same questionnaire version whose organizations
// share the industry and size band, read from the stored figures' columns (assessment_scores.score and
// dimension_scores), never by parsing each peer's result.
import type { Kysely } from 'kysely';
import type { PeerScores } from '../domain/scoring/benchmark.js';
import type { Assessment, Database, Organization } from '../db/schema.js';

function peers(db: Kysely<Database>, assessment: Assessment, org: Organization) {
  return db
    .selectFrom('assessments')
    .innerJoin('organizations', 'organizations.id', 'assessments.org_id')
    .innerJoin('assessment_scores', 'assessment_scores.assessment_id', 'assessments.id')
    .where('assessments.status', '=', 'finalized')
    .where('assessments.questionnaire_id', '=', assessment.questionnaire_id)
    .where('assessments.questionnaire_version', '=', assessment.questionnaire_version)
    .where('organizations.industry', '=', org.industry)
    .where('organizations.size_band', '=', org.size_band)
    .where('assessments.id', '!=', assessment.id)
    .where('assessment_scores.status', '=', 'ok');
}

export async function peerScores(db: Kysely<Database>, assessment: Assessment, org: Organization): Promise<PeerScores> {
  const [overall, dimensions] = await Promise.all([
    peers(db, assessment, org).select('assessment_scores.score').execute(),
    peers(db, assessment, org)
      .innerJoin('dimension_scores', 'dimension_scores.assessment_id', 'assessments.id')
      .select(['dimension_scores.dimension_id', 'dimension_scores.score'])
      .execute(),
  ]);
  const byDimension: Record<string, number[]> = {};
  for (const d of dimensions) (byDimension[d.dimension_id] ??= []).push(d.score);
  return { overall: overall.map((r) => r.score ?? 0), dimensions: byDimension };
}
