// The signed-in user's own things: notifications, and ending every session of theirs.
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import type { User } from '../db/schema.js';
import { endSessionsOf } from '../sessions/repo.js';
import { readNotifications, unreadCount } from './notifications-repo.js';

export const unreadNotificationCount = (ctx: AppContext, user: User) => unreadCount(ctx.db, user.id);

/** The account page; showing the notifications marks them read. */
export async function accountPage(ctx: AppContext, user: User) {
  return { notifications: await readNotifications(ctx.db, user.id), unread: 0 };
}

/** Ends every session of the user in every browser (a lost laptop, a shared computer). */
export async function signOutEverywhere(ctx: AppContext, user: User): Promise<number> {
  const ended = await endSessionsOf(ctx.db, user.id);
  await recordAudit(ctx.db, { actorId: user.id, action: 'account.signed-out-everywhere', detail: { sessions: ended } });
  return ended;
}
