// The list of assessments a user may see, with their stored results, a page at a time.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { OrgScope } from '../orgs/repo.js';

/** A place in the list, newest first: the last change and id of a row (keyset pagination). */
export interface ListCursor {
  updatedAt: string;
  id: string;
}

export const LIST_PAGE_SIZE = 50;

/**
 * One page of the scope's assessments with their stored scores, newest change first. `after`: the page
 * after this row; `before`: the page before it. Reads one row more than a page to know whether more follow.
 */
export async function listAssessments(db: Kysely<Database>, scope: OrgScope, at: { after?: ListCursor; before?: ListCursor } = {}, pageSize = LIST_PAGE_SIZE) {
  if ('orgIds' in scope && scope.orgIds.length === 0) return { rows: [], more: false };
  const backwards = at.before !== undefined;
  const cursor = at.before ?? at.after;
  const direction = backwards ? 'asc' : 'desc';
  const rows = await db
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
    .$if('orgIds' in scope, (qb) => qb.where('assessments.org_id', 'in', (scope as { orgIds: string[] }).orgIds))
    .$if(cursor !== undefined, (qb) =>
      qb.where((eb) => eb(eb.refTuple('assessments.updated_at', 'assessments.id'), backwards ? '>' : '<', eb.tuple(cursor!.updatedAt, cursor!.id))),
    )
    .orderBy('assessments.updated_at', direction)
    .orderBy('assessments.id', direction)
    .limit(pageSize + 1)
    .execute();
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  if (backwards) page.reverse();
  return {
    rows: page.map(({ org_name, org_name_en, org_credit_code, ...row }) => ({ ...row, org: { name: org_name, name_en: org_name_en, credit_code: org_credit_code } })),
    /** Whether rows follow in the direction read (older when reading forwards, newer when reading backwards). */
    more,
  };
}
