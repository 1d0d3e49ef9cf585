// Data access for the assessment rows themselves. Changes go through the write path (write-path.ts).
import type { Kysely } from 'kysely';
import type { Assessment, AssessmentUpdate, Database } from '../db/schema.js';

export function findAssessment(db: Kysely<Database>, id: string): Promise<Assessment | undefined> {
  return db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAssessment(db: Kysely<Database>, assessment: Assessment): Promise<void> {
  await db.insertInto('assessments').values(assessment).execute();
}

/** Only inside `changeAssessment`, which holds the row's lock. */
export async function updateAssessment(db: Kysely<Database>, id: string, changes: AssessmentUpdate): Promise<void> {
  await db.updateTable('assessments').set(changes).where('id', '=', id).execute();
}
