// Indexes for the growing lists' keyset pages, counts and searches:
// - every assessment newest change first, the key the platform admin's list pages by; every organization in
//   the order the API pages them (registration time, then id);
// - an assessment's organization, status, questionnaire and last change in one index, which holds every column
//   the review queue's tab counts filter on, so they are counted from the index alone (one organization's range
//   for a consultant, the whole index for a platform admin);
// - on PostgreSQL, trigram indexes (pg_trgm) for finding organizations by part of a name or credit code
//   (LIKE '%…%', server/orgs/search.ts). Where the extension cannot be had, those searches read the table, as on
//   SQLite, which has no such index.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

/** The expressions the organization search compares, each with its trigram index. */
const SEARCHED = [
  ['organizations_name_trgm_idx', sql`lower(name) gin_trgm_ops`],
  ['organizations_name_en_trgm_idx', sql`lower(name_en) gin_trgm_ops`],
  ['organizations_credit_code_trgm_idx', sql`credit_code gin_trgm_ops`],
] as const;

/** Whether pg_trgm is installed, or can be: available on the server, and this role may create it (a trusted extension since PostgreSQL 13). */
async function trigramsAvailable(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ installed: boolean; creatable: boolean }>`
    select exists (select 1 from pg_extension where extname = 'pg_trgm') as installed,
           exists (select 1 from pg_available_extensions where name = 'pg_trgm')
             and (current_setting('server_version_num')::int >= 130000 and has_database_privilege(current_database(), 'CREATE')
                  or (select rolsuper from pg_roles where rolname = current_user)) as creatable`.execute(db);
  return rows[0].installed || rows[0].creatable;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('assessments_updated_id_idx').on('assessments').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('assessments_org_status_idx').on('assessments').columns(['org_id', 'status', 'questionnaire_id', 'updated_at']).execute();
  await db.schema.createIndex('organizations_created_id_idx').on('organizations').columns(['created_at', 'id']).execute();
  if (!(db.getExecutor().adapter instanceof PostgresAdapter) || !(await trigramsAvailable(db))) return;
  await sql`create extension if not exists pg_trgm`.execute(db);
  for (const [name, expression] of SEARCHED) await db.schema.createIndex(name).on('organizations').using('gin').expression(expression).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of SEARCHED) await db.schema.dropIndex(name).ifExists().execute();
  await db.schema.dropIndex('organizations_created_id_idx').execute();
  await db.schema.dropIndex('assessments_org_status_idx').execute();
  await db.schema.dropIndex('assessments_updated_id_idx').execute();
}
