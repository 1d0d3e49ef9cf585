// The API's paginated lists: keyset pagination over (sort key, id), bounded by `limit + 1` rows
// (one more than asked tells whether another page follows).
import type { Kysely } from 'kysely';
import type { AssessmentStatus, Database } from '../db/schema.js';
import type { OrgScope } from '../orgs/repo.js';
import type { Cursor } from './cursor.js';

export interface AssessmentFilter {
  scope: OrgScope;
  status?: AssessmentStatus;
  questionnaireId?: string;
}

/** Assessments newest first (created_at desc, id desc), with their stored result's summary. */
export function assessmentsPage(db: Kysely<Database>, filter: AssessmentFilter, after: Cursor | undefined, limit: number) {
  const { scope } = filter;
  if ('orgIds' in scope && !scope.orgIds.length) return Promise.resolve([]);
  let q = db
    .selectFrom('assessments')
    .leftJoin('assessment_scores', 'assessment_scores.assessment_id', 'assessments.id')
    .selectAll('assessments')
    .select(['assessment_scores.status as score_status', 'assessment_scores.level', 'assessment_scores.score', 'assessment_scores.answered_share']);
  if ('orgIds' in scope) q = q.where('assessments.org_id', 'in', scope.orgIds);
  if (filter.status) q = q.where('assessments.status', '=', filter.status);
  if (filter.questionnaireId) q = q.where('assessments.questionnaire_id', '=', filter.questionnaireId);
  if (after) {
    q = q.where((eb) =>
      eb.or([eb('assessments.created_at', '<', after.key), eb.and([eb('assessments.created_at', '=', after.key), eb('assessments.id', '<', after.id)])]),
    );
  }
  return q.orderBy('assessments.created_at', 'desc').orderBy('assessments.id', 'desc').limit(limit + 1).execute();
}

/** The organizations in scope, oldest first (created_at, id). */
export function organizationsPage(db: Kysely<Database>, scope: OrgScope, after: Cursor | undefined, limit: number) {
  if ('orgIds' in scope && !scope.orgIds.length) return Promise.resolve([]);
  let q = db.selectFrom('organizations').selectAll();
  if ('orgIds' in scope) q = q.where('id', 'in', scope.orgIds);
  if (after) q = q.where((eb) => eb.or([eb('created_at', '>', after.key), eb.and([eb('created_at', '=', after.key), eb('id', '>', after.id)])]));
  return q.orderBy('created_at').orderBy('id').limit(limit + 1).execute();
}
