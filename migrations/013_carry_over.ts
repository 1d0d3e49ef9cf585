// Starting from the last signed assessment: an answer copied from it keeps the source assessment's id
// until someone confirms or changes it (answers.carried_from), and the revision that copied it says so
// (answer_revisions.carried_from), so the answer's history reads "carried over".
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('answers').addColumn('carried_from', 'text').execute();
  await db.schema.alterTable('answer_revisions').addColumn('carried_from', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('answer_revisions').dropColumn('carried_from').execute();
  await db.schema.alterTable('answers').dropColumn('carried_from').execute();
}
