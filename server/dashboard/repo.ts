// Data access for the operator's dashboard: counts grouped in the database, and each organization's latest
// signed result of one questionnaire version in a period (one row per organization, chosen in the query).
import { sql, type Kysely } from 'kysely';
import type { AssessmentStatus, Database } from '../db/schema.js';
import { OPEN_STATUSES } from '../domain/workflow.js';

export interface VersionKey {
  questionnaireId: string;
  version: string;
}

/** Signed on or after `from` and before `to` (ISO instants); either may be open. */
export interface Period {
  from?: string;
  to?: string;
}

/** The questionnaire versions assessments were started on. */
export async function versionsInUse(db: Kysely<Database>): Promise<VersionKey[]> {
  const rows = await db.selectFrom('assessments').select(['questionnaire_id', 'questionnaire_version']).distinct().execute();
  return rows.map((r) => ({ questionnaireId: r.questionnaire_id, version: r.questionnaire_version }));
}

/** How many assessments of the version are in each status now. */
export async function statusCounts(db: Kysely<Database>, v: VersionKey): Promise<Map<AssessmentStatus, number>> {
  const rows = await db
    .selectFrom('assessments')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .where('questionnaire_id', '=', v.questionnaireId)
    .where('questionnaire_version', '=', v.version)
    .groupBy('status')
    .execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** Organizations with at least one active member on an active account. */
export async function activeOrganizationCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select((eb) => eb.fn.count<number>('memberships.org_id').distinct().as('n'))
    .where('memberships.deactivated_at', 'is', null)
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Open assessments of the version and their mean answered share (an assessment not yet scored counts as 0). */
export async function openProgress(db: Kysely<Database>, v: VersionKey): Promise<{ open: number; meanAnsweredShare: number | null }> {
  const row = await db
    .selectFrom('assessments')
    .leftJoin('assessment_scores', 'assessment_scores.assessment_id', 'assessments.id')
    .select([(eb) => eb.fn.countAll().as('n'), sql<number | string | null>`avg(coalesce(assessment_scores.answered_share, 0))`.as('share')])
    .where('assessments.questionnaire_id', '=', v.questionnaireId)
    .where('assessments.questionnaire_version', '=', v.version)
    .where('assessments.status', 'in', OPEN_STATUSES)
    .executeTakeFirstOrThrow();
  const open = Number(row.n);
  return { open, meanAnsweredShare: open ? Number(row.share) : null };
}

export interface SignedRow {
  orgId: string;
  industry: string;
  province: string | null;
  sizeBand: string;
  signedAt: string;
  level: number | null;
  resultJson: string;
}

/**
 * Each organization's latest signed (finalized) assessment of the version signed in the period, with its
 * stored result: a signed record no longer changes, so its stored result is what was signed.
 */
export async function latestSignedResults(db: Kysely<Database>, v: VersionKey, period: Period): Promise<SignedRow[]> {
  const rows = await db
    .selectFrom('assessments as a')
    .innerJoin('organizations as o', 'o.id', 'a.org_id')
    .innerJoin('assessment_scores as s', 's.assessment_id', 'a.id')
    .select(['a.org_id', 'a.finalized_at', 'o.industry', 'o.province', 'o.size_band', 's.level', 's.result_json'])
    .where('a.status', '=', 'finalized')
    .where('a.questionnaire_id', '=', v.questionnaireId)
    .where('a.questionnaire_version', '=', v.version)
    .where('s.status', '=', 'ok')
    .$if(period.from !== undefined, (qb) => qb.where('a.finalized_at', '>=', period.from!))
    .$if(period.to !== undefined, (qb) => qb.where('a.finalized_at', '<', period.to!))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('assessments as later')
            .select('later.id')
            .whereRef('later.org_id', '=', 'a.org_id')
            .where('later.status', '=', 'finalized')
            .where('later.questionnaire_id', '=', v.questionnaireId)
            .where('later.questionnaire_version', '=', v.version)
            .$if(period.from !== undefined, (qb) => qb.where('later.finalized_at', '>=', period.from!))
            .$if(period.to !== undefined, (qb) => qb.where('later.finalized_at', '<', period.to!))
            .where((eb) =>
              eb.or([
                eb('later.finalized_at', '>', eb.ref('a.finalized_at')),
                eb.and([eb('later.finalized_at', '=', eb.ref('a.finalized_at')), eb('later.id', '>', eb.ref('a.id'))]),
              ]),
            ),
        ),
      ),
    )
    .orderBy('a.org_id')
    .execute();
  return rows.map((r) => ({
    orgId: r.org_id,
    industry: r.industry,
    province: r.province,
    sizeBand: r.size_band,
    signedAt: r.finalized_at!,
    level: r.level === null ? null : Number(r.level),
    resultJson: r.result_json,
  }));
}
