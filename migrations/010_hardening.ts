// Hardening: session ids stored hashed and linked to their user (sign out everywhere), per-account and
// per-address sign-in failure counters, one-time form tokens already used, and in-app notifications.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('user_id', 'text').execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  // Sessions that exist keep working: their ids are replaced by the hash the store now looks up.
  for (const { sid } of await db.selectFrom('sessions').select('sid').execute()) {
    await db.updateTable('sessions').set({ sid: sha256(sid) }).where('sid', '=', sid).execute();
  }

  await db.schema
    .createTable('login_failures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('blocked_until', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('form_submissions')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('form_submissions_created_idx').on('form_submissions').column('created_at').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('params_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('form_submissions').execute();
  await db.schema.dropTable('login_failures').execute();
  // Hashed ids cannot be turned back; the sessions simply end.
  await db.deleteFrom('sessions').execute();
  await db.schema.dropIndex('sessions_user_idx').execute();
  await db.schema.alterTable('sessions').dropColumn('user_id').execute();
}
