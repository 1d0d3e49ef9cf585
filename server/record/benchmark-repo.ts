// Peers for the benchmark: finalized assessments of the same questionnaire version whose
// organizations share the industry and size band, read from stored scores.
import type { Kysely } from 'kysely';
import type { ScoreResult } from '../domain/scoring/score.js';
import type { Assessment, Database, Organization } from '../db/schema.js';

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
