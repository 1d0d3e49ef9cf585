// In-app notifications: short messages to one user, shown on their account page. The text lives in
// the locales (notifications.kinds.KIND), filled with the stored parameters.
import type { Kysely } from 'kysely';
import { newId, nowIso } from '../db/ids.js';
import type { Database } from '../db/schema.js';

const SHOWN = 50;

export async function notify(db: Kysely<Database>, userId: string, kind: string, params: Record<string, string> = {}): Promise<void> {
  await db
    .insertInto('notifications')
    .values({ id: newId(), user_id: userId, kind, params_json: JSON.stringify(params), created_at: nowIso(), read_at: null })
    .execute();
}

export async function unreadCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newest notifications, then marks them read. */
export async function readNotifications(db: Kysely<Database>, userId: string) {
  const rows = await db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(SHOWN)
    .execute();
  await db.updateTable('notifications').set({ read_at: nowIso() }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, params: JSON.parse(r.params_json) as Record<string, string>, createdAt: r.created_at, unread: r.read_at === null }));
}
