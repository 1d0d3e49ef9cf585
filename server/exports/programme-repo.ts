// Data access for the programme export: the assessments a user may see (every one for a platform admin;
// otherwise those of the organizations they are an active member of or assigned to as consultant),
// filtered like the review queue, read in keyset-paginated batches by id so memory stays flat however
// many there are.
import { sql, type Kysely } from 'kysely';
import type { AssessmentStatus, Database } from '../db/schema.js';
import { organizationMatches } from '../orgs/search.js';
import { dimensionLevelsOf } from '../record/scores-repo.js';

export type ProgrammeScope = { kind: 'all' } | { kind: 'user'; userId: string };

export interface ProgrammeFilters {
  orgId?: string;
  questionnaireId?: string;
  statuses?: readonly AssessmentStatus[];
  /** Last changed at or after / before these ISO instants. */
  from?: string;
  to?: string;
  search?: string;
}

/** LIKE with the user's text taken literally (as the queue does). */

function scoped(db: Kysely<Database>, scope: ProgrammeScope, f: ProgrammeFilters) {
  let query = db.selectFrom('assessments as a').innerJoin('organizations as o', 'o.id', 'a.org_id');
  if (scope.kind === 'user') {
    const userId = scope.userId;
    // One list of organizations (a union, not two IN tests joined by OR), so each is looked up in the index.
    query = query.where('a.org_id', 'in', (eb) =>
      eb
        .selectFrom('memberships')
        .select('org_id')
        .where('user_id', '=', userId)
        .where('deactivated_at', 'is', null)
        .union(eb.selectFrom('consultant_assignments').select('org_id').where('consultant_id', '=', userId)),
    );
  }
  if (f.orgId) query = query.where('a.org_id', '=', f.orgId);
  if (f.questionnaireId) query = query.where('a.questionnaire_id', '=', f.questionnaireId);
  if (f.statuses?.length) query = query.where('a.status', 'in', [...f.statuses]);
  if (f.from) query = query.where('a.updated_at', '>=', f.from);
  if (f.to) query = query.where('a.updated_at', '<', f.to);
  if (f.search) query = query.where(organizationMatches(f.search));
  return query;
}

/**
 * The questionnaire versions among the assessments in scope, for the export's dimension columns: each published
 * version asked for one such assessment (an index lookup per version, kept per version by the LIMIT, never a
 * pass over every assessment).
 */
export async function questionnaireVersionsInScope(db: Kysely<Database>, scope: ProgrammeScope, f: ProgrammeFilters) {
  const rows = await db
    .selectFrom('questionnaire_versions as qv')
    .select(['qv.questionnaire_id', 'qv.version'])
    .where(
      (eb) =>
        eb(
          scoped(db, scope, f)
            .select('a.id')
            // The outer row's columns (the scoped query is built apart from this one, so by name).
            .where('a.questionnaire_id', '=', sql.ref<string>('qv.questionnaire_id'))
            .where('a.questionnaire_version', '=', sql.ref<string>('qv.version'))
            .limit(1),
          'is not',
          null,
        ),
    )
    .execute();
  return rows.map((r) => ({ id: r.questionnaire_id, version: r.version }));
}

export interface ProgrammeRow {
  id: string;
  title: string;
  status: AssessmentStatus;
  questionnaireId: string;
  questionnaireVersion: string;
  createdAt: string;
  submittedAt: string | null;
  finalizedAt: string | null;
  org: { name: string; nameEn: string | null; creditCode: string | null; province: string | null; industry: string; sizeBand: string };
  scoreStatus: 'ok' | 'insufficient-data' | null;
  level: number | null;
  score: number | null;
  /** Each dimension's level, by dimension id, from the stored result (dimension_scores). */
  dimensionLevels: Map<string, number>;
}

/** The next batch after `afterId` (ids in ascending order), at most `limit` rows. */
export async function programmeBatch(
  db: Kysely<Database>,
  scope: ProgrammeScope,
  f: ProgrammeFilters,
  afterId: string | null,
  limit: number,
): Promise<ProgrammeRow[]> {
  let query = scoped(db, scope, f)
    .leftJoin('assessment_scores as s', 's.assessment_id', 'a.id')
    .select([
      'a.id', 'a.title', 'a.status', 'a.questionnaire_id', 'a.questionnaire_version', 'a.created_at', 'a.submitted_at', 'a.finalized_at',
      'o.name', 'o.name_en', 'o.credit_code', 'o.province', 'o.industry', 'o.size_band',
      's.status as score_status', 's.level', 's.score',
    ]);
  if (afterId !== null) query = query.where('a.id', '>', afterId);
  const rows = await query.orderBy('a.id').limit(limit).execute();
  const dimensionLevels = await dimensionLevelsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    questionnaireId: r.questionnaire_id,
    questionnaireVersion: r.questionnaire_version,
    createdAt: r.created_at,
    submittedAt: r.submitted_at,
    finalizedAt: r.finalized_at,
    org: { name: r.name, nameEn: r.name_en, creditCode: r.credit_code, province: r.province, industry: r.industry, sizeBand: r.size_band },
    scoreStatus: r.score_status,
    level: r.level === null ? null : Number(r.level),
    score: r.score === null ? null : Number(r.score),
    dimensionLevels: dimensionLevels.get(r.id) ?? new Map<string, number>(),
  }));
}
