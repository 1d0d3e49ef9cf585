// The consultant's workspace: comments become threads (a reply names its thread's first comment) that
// can be resolved, a comment on a question can flag it for the organization to change, a consultant
// names the organization they sign for, and the review queue's filters and sort have indexes.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('review_notes').addColumn('parent_id', 'text').execute();
  await db.schema.alterTable('review_notes').addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('review_notes').addColumn('resolved_at', 'text').execute();
  await db.schema.alterTable('review_notes').addColumn('resolved_by', 'text').execute();

  /** The organization a consultant works for, named with their signature. */
  await db.schema.alterTable('users').addColumn('affiliation', 'text').execute();

  await db.schema.createIndex('assessments_org_updated_idx').on('assessments').columns(['org_id', 'updated_at']).execute();
  await db.schema.createIndex('assessments_status_updated_idx').on('assessments').columns(['status', 'updated_at']).execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['assessment_id', 'action', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_action_idx').execute();
  await db.schema.dropIndex('assessments_status_updated_idx').execute();
  await db.schema.dropIndex('assessments_org_updated_idx').execute();
  await db.schema.alterTable('users').dropColumn('affiliation').execute();
  await db.schema.alterTable('review_notes').dropColumn('resolved_by').execute();
  await db.schema.alterTable('review_notes').dropColumn('resolved_at').execute();
  await db.schema.alterTable('review_notes').dropColumn('flagged').execute();
  await db.schema.alterTable('review_notes').dropColumn('parent_id').execute();
}
