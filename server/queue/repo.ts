// The review queue's query: assessments of the organizations a consultant is assigned to (every
// organization for a platform admin), filtered, searched, sorted and paged in the database.
import type { Kysely } from 'kysely';
import type { AssessmentStatus, Database } from '../db/schema.js';
import { organizationMatches } from '../orgs/search.js';
import type { QueueQuery } from './query.js';

type Scope = { kind: 'all' } | { kind: 'consultant'; userId: string };

/** The organizations a consultant is assigned to that are active: a deactivated one leaves their queue (the platform admin's keeps it). */
function assignedActive(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('consultant_assignments as ca')
    .innerJoin('organizations as ao', 'ao.id', 'ca.org_id')
    .select('ca.org_id')
    .where('ca.consultant_id', '=', userId)
    .where('ao.deactivated_at', 'is', null);
}

/** The scope's assessments under the filters; the organization joined only when a search needs it, so a count reads the index alone. */
function filtered(db: Kysely<Database>, scope: Scope, q: Omit<QueueQuery, 'group' | 'sort' | 'page'>) {
  let query = db.selectFrom('assessments as a');
  if (scope.kind === 'consultant') query = query.where('a.org_id', 'in', assignedActive(db, scope.userId));
  if (q.orgId) query = query.where('a.org_id', '=', q.orgId);
  if (q.questionnaireId) query = query.where('a.questionnaire_id', '=', q.questionnaireId);
  if (q.from) query = query.where('a.updated_at', '>=', q.from);
  if (q.to) query = query.where('a.updated_at', '<', q.to);
  const search = q.search;
  if (search) query = query.where('a.org_id', 'in', (eb) => eb.selectFrom('organizations as o').select('o.id').where(organizationMatches(search)));
  return query;
}

function base(db: Kysely<Database>, scope: Scope, q: Omit<QueueQuery, 'group' | 'sort' | 'page'>) {
  return filtered(db, scope, q)
    .innerJoin('organizations as o', 'o.id', 'a.org_id')
    .leftJoin('assessment_scores as s', 's.assessment_id', 'a.id');
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
  const rows = await filtered(db, scope, q)
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

/** How many organization names the filter suggests at most. */
const ORGANIZATION_CHOICES = 50;

/** The organizations in scope for the filter's suggestions, by name: those matching the search when there is one, at most ORGANIZATION_CHOICES. */
export function organizationChoices(db: Kysely<Database>, scope: Scope, search: string | undefined) {
  let query = db.selectFrom('organizations as o').select(['o.id', 'o.name', 'o.name_en']);
  if (scope.kind === 'consultant') query = query.where('o.id', 'in', assignedActive(db, scope.userId));
  if (search) query = query.where(organizationMatches(search));
  return query.orderBy('o.name').orderBy('o.id').limit(ORGANIZATION_CHOICES).execute();
}

/** The organization the queue is narrowed to, when it is in scope. */
export function organizationInScope(db: Kysely<Database>, scope: Scope, orgId: string) {
  let query = db.selectFrom('organizations as o').select(['o.id', 'o.name', 'o.name_en']).where('o.id', '=', orgId);
  if (scope.kind === 'consultant') query = query.where('o.id', 'in', assignedActive(db, scope.userId));
  return query.executeTakeFirst();
}

export type { Scope };
