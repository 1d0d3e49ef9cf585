// The list of assessments a user may see, with their stored results.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Assessments of the given organizations with their stored scores, newest first. */
export function listAssessments(db: Kysely<Database>, orgIds: string[]) {
  if (orgIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('assessments')
    .innerJoin('organizations', 'organizations.id', 'assessments.org_id')
    .leftJoin('assessment_scores', 'assessment_scores.assessment_id', 'assessments.id')
    .select([
      'assessments.id',
      'assessments.title',
      'assessments.status',
      'assessments.questionnaire_id',
      'assessments.questionnaire_version',
      'assessments.updated_at',
      'organizations.name as org_name',
      'organizations.name_en as org_name_en',
      'organizations.credit_code as org_credit_code',
      'assessment_scores.status as score_status',
      'assessment_scores.level',
      'assessment_scores.score',
      'assessment_scores.answered_share',
    ])
    .where('assessments.org_id', 'in', orgIds)
    .orderBy('assessments.updated_at', 'desc')
    .execute()
    .then((rows) =>
      rows.map(({ org_name, org_name_en, org_credit_code, ...row }) => ({ ...row, org: { name: org_name, name_en: org_name_en, credit_code: org_credit_code } })),
    );
}
