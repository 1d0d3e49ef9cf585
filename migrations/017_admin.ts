// The platform admin's organization management: an organization can be deactivated (with who did it
// and why) and reactivated. A deactivated organization keeps its data and its credit code (so it cannot
// be registered again under that code); its members and consultants lose access until reactivation.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('deactivated_at', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('deactivated_by', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('deactivation_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organizations').dropColumn('deactivation_reason').execute();
  await db.schema.alterTable('organizations').dropColumn('deactivated_by').execute();
  await db.schema.alterTable('organizations').dropColumn('deactivated_at').execute();
}
