// The review queue's query: assessments of the organizations a consultant is assigned to (every
// organization for a platform admin), filtered, searched, sorted and paged in the database.
import type { Kysely } from 'kysely';
import type { AssessmentStatus, Database } from '../db/schema.js';
import { organizationMatches } from '../orgs/search.js';
import type { QueueQuery } from './query.js';

type Scope = { kind: 'all' } | { kind: 'consultant'; userId: string };

function base(db: Kysely<Database>, scope: Scope, q: Omit<QueueQuery, 'group' | 'sort' | 'page'>) {
  let query = db
    .selectFrom('assessments as a')
    .innerJoin('organizations as o', 'o.id', 'a.org_id')
    .leftJoin('assessment_scores as s', 's.assessment_id', 'a.id');
  if (scope.kind === 'consultant') {
    const userId = scope.userId;
    query = query.where('a.org_id', 'in', (eb) => eb.selectFrom('consultant_assignments').select('org_id').where('consultant_id', '=', userId));
    // A deactivated organization leaves its consultants' queue (the platform admin's keeps it).
    query = query.where('o.deactivated_at', 'is', null);
  }
  if (q.orgId) query = query.where('a.org_id', '=', q.orgId);
  if (q.questionnaireId) query = query.where('a.questionnaire_id', '=', q.questionnaireId);
  if (q.from) query = query.where('a.updated_at', '>=', q.from);
  if (q.to) query = query.where('a.updated_at', '<', q.to);
  if (q.search) query = query.where(organizationMatches(q.search));
  return query;
}

export type QueueBase = ReturnType<typeof base>;

const SORTS = {
  'updated-desc': [['a.updated_at', 'desc']],
  'updated-asc': [['a.updated_at', 'asc']],
  org: [['o.name', 'asc'], ['a.updated_at', 'desc']],
  'level-desc': [['s.level', 'desc'], ['a.updated_at', 'desc']],
  'level-asc': [['s.level', 'asc'], ['a.updated_at', 'desc']],
} as const;

export type QueueSort = keyof typeof SORTS;
export const QUEUE_SORTS = Object.keys(SORTS) as QueueSort[];

/** How many assessments are in each status under the filters (the tabs' counts). */
export async function countByStatus(db: Kysely<Database>, scope: Scope, q: QueueQuery): Promise<Map<string, number>> {
  const rows = await base(db, scope, q)
    .select(['a.status', (eb) => eb.fn.countAll().as('n')])
    .groupBy('a.status')
    .execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** One page of the queue. */
export async function queuePage(db: Kysely<Database>, scope: Scope, q: QueueQuery, statuses: readonly AssessmentStatus[], pageSize: number) {
  let query = base(db, scope, q)
    .select([
      'a.id',
      'a.title',
      'a.status',
      'a.questionnaire_id',
      'a.questionnaire_version',
      'a.updated_at',
      'a.submitted_at',
      'o.id as org_id',
      'o.name as org_name',
      'o.name_en as org_name_en',
      'o.credit_code as org_credit_code',
      's.status as score_status',
      's.level',
      's.score',
    ])
    .where('a.status', 'in', [...statuses]);
  for (const [column, direction] of SORTS[q.sort]) query = query.orderBy(column, direction);
  const rows = await query.orderBy('a.id').limit(pageSize).offset((q.page - 1) * pageSize).execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    questionnaireId: r.questionnaire_id,
    questionnaireVersion: r.questionnaire_version,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
    org: { id: r.org_id, name: r.org_name, name_en: r.org_name_en, credit_code: r.org_credit_code },
    scoreStatus: r.score_status,
    level: r.level === null ? null : Number(r.level),
    score: r.score === null ? null : Number(r.score),
  }));
}

/** The organizations in scope, for the filter. */
export function organizationsInScope(db: Kysely<Database>, scope: Scope) {
  let query = db.selectFrom('organizations as o').select(['o.id', 'o.name', 'o.name_en', 'o.credit_code']);
  if (scope.kind === 'consultant') {
    const userId = scope.userId;
    query = query.where('o.id', 'in', (eb) => eb.selectFrom('consultant_assignments').select('org_id').where('consultant_id', '=', userId)).where('o.deactivated_at', 'is', null);
  }
  return query.orderBy('o.name').limit(1000).execute();
}

export type { Scope };
