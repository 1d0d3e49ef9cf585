// Published questionnaire versions, stored in the database so that every app process serves the same
// ones: the files in questionnaires/ are loaded into it at start, and a platform admin can publish a
// new version by uploading its file. A version is never replaced (the primary key refuses a second
// id@version); it can be retired (no new assessments on it) and restored. `revision` grows by one on
// every change of a row, so count(*) and sum(revision) tell another process that the table changed.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('questionnaire_versions')
    .addColumn('questionnaire_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('retired_at', 'text')
    .addColumn('retired_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('questionnaire_versions_pk', ['questionnaire_id', 'version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('questionnaire_versions').execute();
}
