// The enterprise as a team: organization profiles (credit code, province, English name), deactivated
// accounts and memberships, invitations and password-reset links (tokens stored hashed), section
// assignments per assessment, and evidence files kept in the database in chunks.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('credit_code', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('province', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('name_en', 'text').execute();
  // Unique where present: organizations registered before the profile existed have none yet.
  await db.schema.createIndex('organizations_credit_code_idx').on('organizations').column('credit_code').unique().execute();

  await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('password_changed_at', 'text').execute();
  await db.schema.alterTable('memberships').addColumn('deactivated_at', 'text').execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .execute();
  await db.schema.createIndex('invitations_org_idx').on('invitations').columns(['org_id', 'created_at']).execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('password_resets_user_idx').on('password_resets').column('user_id').execute();

  await db.schema
    .createTable('section_assignments')
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('dimension_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('section_assignments_pk', ['assessment_id', 'dimension_id'])
    .execute();

  await db.schema
    .createTable('evidence_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    /** The key of the bytes in the blob store (server/evidence/store.ts). */
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .addColumn('removed_by', 'text')
    .execute();
  await db.schema.createIndex('evidence_files_assessment_idx').on('evidence_files').columns(['assessment_id', 'question_id']).execute();

  await db.schema
    .createTable('blob_chunks')
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', sql.raw('bytea'), (c) => c.notNull())
    .addPrimaryKeyConstraint('blob_chunks_pk', ['blob_key', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('blob_chunks').execute();
  await db.schema.dropTable('evidence_files').execute();
  await db.schema.dropTable('section_assignments').execute();
  await db.schema.dropTable('password_resets').execute();
  await db.schema.dropTable('invitations').execute();
  await db.schema.alterTable('memberships').dropColumn('deactivated_at').execute();
  await db.schema.alterTable('users').dropColumn('password_changed_at').execute();
  await db.schema.alterTable('users').dropColumn('deactivated_at').execute();
  await db.schema.dropIndex('organizations_credit_code_idx').execute();
  await db.schema.alterTable('organizations').dropColumn('name_en').execute();
  await db.schema.alterTable('organizations').dropColumn('province').execute();
  await db.schema.alterTable('organizations').dropColumn('credit_code').execute();
}
