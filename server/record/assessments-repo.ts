// Data access for the assessment rows themselves. Changes go through the write path (write-path.ts).
import type { Kysely } from 'kysely';
import type { Assessment, AssessmentUpdate, Database, Organization } from '../db/schema.js';

export function findAssessment(db: Kysely<Database>, id: string): Promise<Assessment | undefined> {
  return db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What opening an assessment reads: the row, its organization and the user's active membership role there. */
export interface AssessmentWithOrganization {
  assessment: Assessment;
  org: Organization;
  /** The role of the user's active membership in the organization; null when they are not a member. */
  memberRole: string | null;
}

/** The assessment, its organization and the user's membership role in it, in one read (opening one, on every request). */
export async function findAssessmentForUser(db: Kysely<Database>, id: string, userId: string): Promise<AssessmentWithOrganization | undefined> {
  const row = await db
    .selectFrom('assessments as a')
    .innerJoin('organizations as o', 'o.id', 'a.org_id')
    .leftJoin('memberships as m', (join) => join.onRef('m.org_id', '=', 'a.org_id').on('m.user_id', '=', userId).on('m.deactivated_at', 'is', null))
    .selectAll('a')
    .select([
      'o.name as o_name',
      'o.industry as o_industry',
      'o.size_band as o_size_band',
      'o.created_at as o_created_at',
      'o.credit_code as o_credit_code',
      'o.province as o_province',
      'o.name_en as o_name_en',
      'o.deactivated_at as o_deactivated_at',
      'o.deactivated_by as o_deactivated_by',
      'o.deactivation_reason as o_deactivation_reason',
      'm.role as member_role',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { o_name, o_industry, o_size_band, o_created_at, o_credit_code, o_province, o_name_en, o_deactivated_at, o_deactivated_by, o_deactivation_reason, member_role, ...assessment } = row;
  return {
    assessment,
    org: {
      id: assessment.org_id,
      name: o_name,
      industry: o_industry,
      size_band: o_size_band,
      created_at: o_created_at,
      credit_code: o_credit_code,
      province: o_province,
      name_en: o_name_en,
      deactivated_at: o_deactivated_at,
      deactivated_by: o_deactivated_by,
      deactivation_reason: o_deactivation_reason,
    },
    memberRole: member_role,
  };
}

export async function insertAssessment(db: Kysely<Database>, assessment: Assessment): Promise<void> {
  await db.insertInto('assessments').values(assessment).execute();
}

/** Only inside `changeAssessment`, which holds the row's lock. */
export async function updateAssessment(db: Kysely<Database>, id: string, changes: AssessmentUpdate): Promise<void> {
  await db.updateTable('assessments').set(changes).where('id', '=', id).execute();
}
