// Data access for the assessment rows themselves. Changes go through the write path (write-path.ts).
import type { Kysely } from 'kysely';
import type { Assessment, AssessmentUpdate, Database } from '../db/schema.js';

export function findAssessment(db: Kysely<Database>, id: string): Promise<Assessment | undefined> {
  return db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The assessment and the role of the user's active membership in its organization (null: not a member), in one
 * read: opening an assessment, on every request that acts on one.
 */
export function findAssessmentForUser(db: Kysely<Database>, id: string, userId: string) {
  return db
    .selectFrom('assessments as a')
    .selectAll('a')
    .select((eb) =>
      eb
        .selectFrom('memberships as m')
        .select('m.role')
        .whereRef('m.org_id', '=', 'a.org_id')
        .where('m.user_id', '=', userId)
        .where('m.deactivated_at', 'is', null)
        .as('member_role'),
    )
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export async function insertAssessment(db: Kysely<Database>, assessment: Assessment): Promise<void> {
  await db.insertInto('assessments').values(assessment).execute();
}

/** Only inside `changeAssessment`, which holds the row's lock. */
export async function updateAssessment(db: Kysely<Database>, id: string, changes: AssessmentUpdate): Promise<void> {
  await db.updateTable('assessments').set(changes).where('id', '=', id).execute();
}
