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

/**
 * The questionnaire versions assessments were started on: each published version asked for one (an index lookup
 * per version, kept so by the LIMIT). The order is the cohort index's: without it PostgreSQL, expecting a version's
 * share of every assessment, reads the table until a match, all of it for a version nobody started (7 ms each at
 * 20,000 assessments, before anything else on the dashboard).
 */
export async function versionsInUse(db: Kysely<Database>): Promise<VersionKey[]> {
  const rows = await db
    .selectFrom('questionnaire_versions as qv')
    .select(['qv.questionnaire_id', 'qv.version'])
    .where((eb) =>
      eb(
        eb
          .selectFrom('assessments as a')
          .select('a.id')
          .whereRef('a.questionnaire_id', '=', 'qv.questionnaire_id')
          .whereRef('a.questionnaire_version', '=', 'qv.version')
          .orderBy('a.status')
          .limit(1),
        'is not',
        null,
      ),
    )
    .execute();
  return rows.map((r) => ({ questionnaireId: r.questionnaire_id, version: r.version }));
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

/** The organizations with at least one active member on an active account. */
export async function activeOrganizationIds(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('memberships.org_id')
    .distinct()
    .where('memberships.deactivated_at', 'is', null)
    .where('users.deactivated_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.org_id));
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
  /** Each dimension's level, by dimension id (dimension_scores). */
  dimensions: Record<string, number>;
}

/** Dimension levels packed into one integer: 15 decimal digits stay exact in a JavaScript number. */
const DIMENSIONS_PER_CODE = 15;

/**
 * The levels of `dimensionIds` of the result `l.id` as integers, each holding up to DIMENSIONS_PER_CODE of them:
 * one decimal digit per dimension, its level + 1 (a level is 0–5), 0 where the result has no row for it. The
 * database sums each result's few index entries, so a thousand results come back as a thousand rows, not one
 * row per dimension (eight thousand, whose transfer and objects cost more than the rest of the page's data).
 */
function packedLevels(dimensionIds: readonly string[]) {
  const chunks = Array.from({ length: Math.ceil(dimensionIds.length / DIMENSIONS_PER_CODE) }, (_, k) => dimensionIds.slice(k * DIMENSIONS_PER_CODE, (k + 1) * DIMENSIONS_PER_CODE));
  return chunks.map((ids, k) => {
    const digit = sql.join(ids.map((id, i) => sql`when ${id} then ${sql.lit(10 ** i)}`), sql` `);
    return sql<number | string | null>`(select sum(cast(d.level + 1 as bigint) * case d.dimension_id ${digit} else 0 end) from dimension_scores as d where d.assessment_id = l.id)`.as(`levels_${k}`);
  });
}

function unpackLevels(dimensionIds: readonly string[], row: Record<string, unknown>): Record<string, number> {
  const levels: Record<string, number> = {};
  dimensionIds.forEach((id, n) => {
    const code = Number(row[`levels_${Math.floor(n / DIMENSIONS_PER_CODE)}`] ?? 0);
    const digit = Math.floor(code / 10 ** (n % DIMENSIONS_PER_CODE)) % 10;
    if (digit > 0) levels[id] = digit - 1;
  });
  return levels;
}

/**
 * Each organization's latest signed (finalized) assessment of the version signed in the period, with its
 * stored result and the levels of `dimensionIds`: a signed record no longer changes, so its stored result is
 * what was signed. The latest sign-off per organization is numbered in one walk of the cohort index (a window
 * over each organization's sign-offs, newest first; two at the same instant told apart by id), not a GROUP BY
 * joined back.
 */
export async function latestSignedResults(db: Kysely<Database>, v: VersionKey, period: Period, dimensionIds: readonly string[]): Promise<SignedRow[]> {
  const latest = db
    .selectFrom('assessments')
    .select([
      'assessments.id',
      'assessments.org_id',
      'assessments.finalized_at',
      (eb) =>
        eb.fn
          .agg<number>('row_number', [])
          .over((ob) => ob.partitionBy('assessments.org_id').orderBy('assessments.finalized_at', 'desc').orderBy('assessments.id', 'desc'))
          .as('newest'),
    ])
    .where('assessments.status', '=', 'finalized')
    .where('assessments.questionnaire_id', '=', v.questionnaireId)
    .where('assessments.questionnaire_version', '=', v.version)
    .$if(period.from !== undefined, (q) => q.where('assessments.finalized_at', '>=', period.from!))
    .$if(period.to !== undefined, (q) => q.where('assessments.finalized_at', '<', period.to!));
  const rows = await db
    .selectFrom(latest.as('l'))
    .innerJoin('organizations as o', 'o.id', 'l.org_id')
    .innerJoin('assessment_scores as s', 's.assessment_id', 'l.id')
    .select(['l.org_id', 'l.finalized_at', 'o.industry', 'o.province', 'o.size_band', 's.level', ...packedLevels(dimensionIds)])
    .where('l.newest', '=', 1)
    .where('s.status', '=', 'ok')
    .orderBy('l.org_id')
    .execute();
  return rows.map((r) => ({
    orgId: r.org_id,
    industry: r.industry,
    province: r.province,
    sizeBand: r.size_band,
    signedAt: r.finalized_at!,
    level: r.level === null ? null : Number(r.level),
    dimensions: unpackLevels(dimensionIds, r),
  }));
}
