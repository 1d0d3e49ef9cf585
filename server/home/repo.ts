// What the first page needs from the database: whether the demo data is loaded, and its first signed report.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export const DEMO_DOMAIN = '@demo.local';

/** Which of these demo accounts exist (none without the demo data). */
export async function demoAccounts(db: Kysely<Database>, emails: readonly string[]): Promise<string[]> {
  const rows = await db.selectFrom('users').select('email').where('email', 'in', [...emails]).execute();
  return rows.map((r) => r.email);
}

/** The id of the signed report of a demo organization (its org admin's e-mail is a demo one) that reached the highest level, so the sample shows strengths as well as gaps. */
export async function demoSignedReportId(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db
    .selectFrom('signed_reports')
    .innerJoin('assessments', 'assessments.id', 'signed_reports.assessment_id')
    .innerJoin('memberships', 'memberships.org_id', 'assessments.org_id')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .innerJoin('assessment_scores', 'assessment_scores.assessment_id', 'assessments.id')
    .select('signed_reports.id')
    .where('users.email', 'like', `%${DEMO_DOMAIN}`)
    .where('signed_reports.reopened_at', 'is', null)
    .where('assessment_scores.level', 'is not', null)
    .orderBy('assessment_scores.level', 'desc')
    .orderBy('assessment_scores.score', 'desc')
    .orderBy('signed_reports.signed_at')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
