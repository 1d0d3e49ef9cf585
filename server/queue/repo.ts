// The review queue's query: assessments of the organizations a consultant is assigned to (every
// organization for a platform admin), filtered, searched, sorted and paged in the database.
import { expressionBuilder, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { AssessmentStatus, Database } from '../db/schema.js';
import { organizationMatches } from '../orgs/search.js';
import type { QueueQuery } from './query.js';

type Scope = { kind: 'all' } | { kind: 'consultant'; userId: string };

/** The organizations a consultant is assigned to. */
function assigned(db: Kysely<Database>, userId: string) {
  return db.selectFrom('consultant_assignments as ca').select('ca.org_id').where('ca.consultant_id', '=', userId);
}

/** The organizations a consultant is assigned to that are active: a deactivated one leaves their queue (the platform admin's keeps it). */
function assignedActive(db: Kysely<Database>, userId: string) {
  return assigned(db, userId)
    .innerJoin('organizations as ao', 'ao.id', 'ca.org_id')
    .where('ao.deactivated_at', 'is', null);
}

type Filters = Omit<QueueQuery, 'group' | 'sort' | 'page'>;

/** The filters on the assessment's own columns (organization, questionnaire, last change). */
function assessmentFilters(q: Filters): Expression<SqlBool>[] {
  const eb = expressionBuilder<Database & { a: Database['assessments'] }, 'a'>();
  const conditions: Expression<SqlBool>[] = [];
  if (q.orgId) conditions.push(eb('a.org_id', '=', q.orgId));
  if (q.questionnaireId) conditions.push(eb('a.questionnaire_id', '=', q.questionnaireId));
  if (q.from) conditions.push(eb('a.updated_at', '>=', q.from));
  if (q.to) conditions.push(eb('a.updated_at', '<', q.to));
  return conditions;
}

/** The scope's assessments under the filters, for the tab counts: the organization only in subqueries, so a count reads the index alone. */
function filtered(db: Kysely<Database>, scope: Scope, q: Filters) {
  let query = db.selectFrom('assessments as a');
  for (const condition of assessmentFilters(q)) query = query.where(condition);
  if (scope.kind === 'consultant') query = query.where('a.org_id', 'in', assignedActive(db, scope.userId));
  const search = q.search;
  if (search) query = query.where('a.org_id', 'in', (eb) => eb.selectFrom('organizations as o').select('o.id').where(organizationMatches(search)));
  return query;
}

/**
 * The scope's assessments under the filters with their organization and stored result, for a page: the
 * organization joined once and its deactivation and the search checked on that row (two relations fewer than
 * the counts' subqueries, which PostgreSQL otherwise spends milliseconds ordering on every request). Every
 * assessment has its organization, so the join is a left join only so that both databases drop it when nothing
 * reads the organization (the platform admin's queue sorted by anything but name).
 */
function base(db: Kysely<Database>, scope: Scope, q: Filters) {
  let query = db
    .selectFrom('assessments as a')
    .leftJoin('organizations as o', 'o.id', 'a.org_id')
    .leftJoin('assessment_scores as s', 's.assessment_id', 'a.id');
  for (const condition of assessmentFilters(q)) query = query.where(condition);
  if (scope.kind === 'consultant') query = query.where('a.org_id', 'in', assigned(db, scope.userId)).where('o.deactivated_at', 'is', null);
  if (q.search) query = query.where(organizationMatches(q.search));
  return query;
}

export type QueueBase = ReturnType<typeof base>;

/** Each sort as keys of the page's sort columns (SORT_COLUMNS), then the id. */
const SORTS = {
  'updated-desc': [['updated_at', 'desc']],
  'updated-asc': [['updated_at', 'asc']],
  org: [['org_name', 'asc'], ['updated_at', 'desc']],
  'level-desc': [['level', 'desc'], ['updated_at', 'desc']],
  'level-asc': [['level', 'asc'], ['updated_at', 'desc']],
} as const;

const SORT_COLUMNS = { updated_at: 'a.updated_at', org_name: 'o.name', level: 's.level' } as const;

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

/**
 * One page of the queue. The page's assessments are chosen first from only the columns the filters and the
 * sort read (thousands of narrow rows sorted, not thousands with titles and names); only those 50 are then
 * read in full, in the same order.
 */
export async function queuePage(db: Kysely<Database>, scope: Scope, q: QueueQuery, statuses: readonly AssessmentStatus[], pageSize: number) {
  let chosen = base(db, scope, q)
    .select(['a.id', 'a.updated_at', 's.level'])
    .$if(q.sort === 'org', (qb) => qb.select('o.name as org_name'))
    .where('a.status', 'in', [...statuses]);
  for (const [key, direction] of SORTS[q.sort]) chosen = chosen.orderBy(SORT_COLUMNS[key], direction);
  chosen = chosen.orderBy('a.id').limit(pageSize).offset((q.page - 1) * pageSize);
  let query = db
    .selectFrom(chosen.as('p'))
    .innerJoin('assessments as a', 'a.id', 'p.id')
    .innerJoin('organizations as o', 'o.id', 'a.org_id')
    .leftJoin('assessment_scores as s', 's.assessment_id', 'a.id')
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
    ]);
  for (const [key, direction] of SORTS[q.sort]) query = query.orderBy(`p.${key}`, direction);
  const rows = await query.orderBy('p.id').execute();
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
