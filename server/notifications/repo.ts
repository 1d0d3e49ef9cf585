// Data access for in-app notifications: short messages to one user. The text lives in the locales
// (notifications.kinds.KIND), filled with the parameters stored with it, so showing one needs no join.
// And the audience of an assessment's events: its organization's active members and consultants.
import type { Kysely } from 'kysely';
import { newId, nowIso } from '../db/ids.js';
import type { Database } from '../db/schema.js';
import type { Audience } from '../domain/notifications.js';
import { isMemberRole } from '../domain/policy.js';

export interface NewNotification {
  id: string;
  userId: string;
  kind: string;
  params: Record<string, string>;
}

export interface NotificationRow {
  id: string;
  kind: string;
  params: Record<string, string>;
  createdAt: string;
  readAt: string | null;
}

export async function insertNotifications(db: Kysely<Database>, notifications: readonly NewNotification[], now = nowIso()): Promise<void> {
  if (notifications.length === 0) return;
  await db
    .insertInto('notifications')
    .values(notifications.map((n) => ({ id: n.id, user_id: n.userId, kind: n.kind, params_json: JSON.stringify(n.params), created_at: now, read_at: null })))
    .execute();
}

/** One notification for one user (outside an assessment's events, e.g. a registration with their e-mail). */
export async function notify(db: Kysely<Database>, userId: string, kind: string, params: Record<string, string> = {}): Promise<void> {
  await insertNotifications(db, [{ id: newId(), userId, kind, params }]);
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

export async function countNotifications(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  return Number(row.n);
}

const toNotification = (r: { id: string; kind: string; params_json: string; created_at: string; read_at: string | null }): NotificationRow => ({
  id: r.id,
  kind: r.kind,
  params: JSON.parse(r.params_json) as Record<string, string>,
  createdAt: r.created_at,
  readAt: r.read_at,
});

/** A page of the user's notifications, newest first. */
export async function listNotifications(db: Kysely<Database>, userId: string, limit: number, offset: number): Promise<NotificationRow[]> {
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'params_json', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(toNotification);
}

/** The user's own notification; undefined for another user's or an unknown id. */
export async function findNotification(db: Kysely<Database>, userId: string, id: string): Promise<NotificationRow | undefined> {
  const row = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'params_json', 'created_at', 'read_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && toNotification(row);
}

export async function markRead(db: Kysely<Database>, userId: string, id: string, now = nowIso()): Promise<void> {
  await db.updateTable('notifications').set({ read_at: now }).where('id', '=', id).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}

export async function markAllRead(db: Kysely<Database>, userId: string, now = nowIso()): Promise<number> {
  const result = await db.updateTable('notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface AssessmentAudience extends Audience {
  title: string;
  orgName: string;
  orgNameEn: string | null;
}

/** An assessment's title and organization, and who may hear of it: active members (membership and account) and assigned consultants with an active account. */
export async function assessmentAudience(db: Kysely<Database>, assessmentId: string): Promise<AssessmentAudience | undefined> {
  const assessment = await db
    .selectFrom('assessments')
    .innerJoin('organizations', 'organizations.id', 'assessments.org_id')
    .select(['assessments.title', 'assessments.org_id', 'organizations.name', 'organizations.name_en'])
    .where('assessments.id', '=', assessmentId)
    .executeTakeFirst();
  if (!assessment) return undefined;
  const members = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'memberships.role'])
    .where('memberships.org_id', '=', assessment.org_id)
    .where('memberships.deactivated_at', 'is', null)
    .where('users.deactivated_at', 'is', null)
    .orderBy('memberships.created_at')
    .orderBy('users.id')
    .execute();
  const consultants = await db
    .selectFrom('consultant_assignments')
    .innerJoin('users', 'users.id', 'consultant_assignments.consultant_id')
    .select('users.id')
    .where('consultant_assignments.org_id', '=', assessment.org_id)
    .where('users.deactivated_at', 'is', null)
    .orderBy('consultant_assignments.created_at')
    .orderBy('users.id')
    .execute();
  return {
    title: assessment.title,
    orgName: assessment.name,
    orgNameEn: assessment.name_en,
    members: members.flatMap((m) => (isMemberRole(m.role) ? [{ userId: m.id, role: m.role }] : [])),
    consultants: consultants.map((c) => c.id),
  };
}

export interface Addressee {
  id: string;
  name: string;
  email: string;
}

export async function addressees(db: Kysely<Database>, userIds: readonly string[]): Promise<Addressee[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', [...userIds]).execute();
}
