// Consultant review notes: a comment on the assessment or on one question, optionally adjusting
// that question's score (the note's text is then the written reason).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('review_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('question_id', 'text')
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('adjusted_value', 'double precision')
    .execute();
  await db.schema.createIndex('review_notes_assessment_idx').on('review_notes').columns(['assessment_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('review_notes').execute();
}
