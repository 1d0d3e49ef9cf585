// Indexes for the lists that grow with a programme: organizations by name (the admin's list and the queue's
// organization filter read them in name order, a page at a time) and a consultant's assignments by consultant.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('organizations_name_idx').on('organizations').column('name').execute();
  await db.schema.createIndex('consultant_assignments_consultant_idx').on('consultant_assignments').column('consultant_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('consultant_assignments_consultant_idx').execute();
  await db.schema.dropIndex('organizations_name_idx').execute();
}
