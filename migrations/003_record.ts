// The trustworthy record: answers keep a revision number and a history of every change; a consultant
// adjustment is bound to the answer revision it reviewed (and can be dismissed); a sign-off freezes a
// snapshot, and the signed PDFs rendered from it are stored once.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('answers').addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1)).execute();

  await db.schema
    .createTable('answer_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('old_value_json', 'text')
    .addColumn('old_na_reason', 'text')
    .addColumn('value_json', 'text')
    .addColumn('na_reason', 'text')
    .addColumn('changed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('answer_revisions_question_idx')
    .on('answer_revisions')
    .columns(['assessment_id', 'question_id', 'revision'])
    .unique()
    .execute();

  await db.schema.alterTable('review_notes').addColumn('answer_revision', 'integer').execute();
  await db.schema.alterTable('review_notes').addColumn('dismissed_at', 'text').execute();
  await db.schema.alterTable('review_notes').addColumn('dismissed_by', 'text').execute();
  // Existing adjustments: one that counted (made after the answer, or on an unanswered question) is
  // bound to the answer as it is now; one that an answer had already overridden becomes stale.
  await sql`
    update review_notes set answer_revision = case
      when not exists (select 1 from answers a where a.assessment_id = review_notes.assessment_id and a.question_id = review_notes.question_id) then 0
      when exists (select 1 from answers a where a.assessment_id = review_notes.assessment_id and a.question_id = review_notes.question_id and a.updated_at < review_notes.at) then 1
      else -1 end
    where adjusted_value is not null and question_id is not null`.execute(db);

  await db.schema
    .createTable('signed_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .addColumn('snapshot_sha256', 'text', (c) => c.notNull())
    .addColumn('signed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('reopened_at', 'text')
    .addColumn('reopened_by', 'text')
    .addColumn('reopen_reason', 'text')
    .execute();
  await db.schema
    .createIndex('signed_reports_assessment_idx')
    .on('signed_reports')
    .columns(['assessment_id', 'revision'])
    .unique()
    .execute();

  await db.schema
    .createTable('signed_report_files')
    .addColumn('signed_report_id', 'text', (c) => c.notNull().references('signed_reports.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('pdf', sql.raw('bytea'), (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('signed_report_files_pk', ['signed_report_id', 'locale'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('signed_report_files').execute();
  await db.schema.dropTable('signed_reports').execute();
  await db.schema.alterTable('review_notes').dropColumn('dismissed_by').execute();
  await db.schema.alterTable('review_notes').dropColumn('dismissed_at').execute();
  await db.schema.alterTable('review_notes').dropColumn('answer_revision').execute();
  await db.schema.dropTable('answer_revisions').execute();
  await db.schema.alterTable('answers').dropColumn('revision').execute();
}
