// Data access for the platform admin's user pages: the searchable, paged list, what each user is
// (memberships, open sessions), profile changes and deactivation.
import { sql, type Kysely } from 'kysely';
import { nowIso } from '../db/ids.js';
import type { Database, User } from '../db/schema.js';
import { containsPattern } from '../domain/paging.js';

function matching(db: Kysely<Database>, search: string | undefined) {
  let query = db.selectFrom('users as u');
  if (search) {
    const text = sql<string>`${containsPattern(search.toLowerCase())} escape '\\'`;
    query = query.where((eb) => eb.or([eb(eb.fn('lower', ['u.name']), 'like', text), eb('u.email', 'like', text)]));
  }
  return query;
}

export async function countUsers(db: Kysely<Database>, search: string | undefined): Promise<number> {
  const row = await matching(db, search).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function usersPage(db: Kysely<Database>, search: string | undefined, offset: number, limit: number) {
  return matching(db, search)
    .select(['u.id', 'u.name', 'u.email', 'u.is_platform_admin', 'u.is_consultant', 'u.affiliation', 'u.deactivated_at', 'u.created_at'])
    .orderBy('u.name')
    .orderBy('u.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** The memberships of these users (active and deactivated), with their organizations. */
export async function membershipsOf(db: Kysely<Database>, userIds: readonly string[]) {
  if (!userIds.length) return [];
  return db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select(['m.user_id', 'm.role', 'm.deactivated_at', 'o.id as org_id', 'o.name as org_name', 'o.name_en as org_name_en', 'o.deactivated_at as org_deactivated_at'])
    .where('m.user_id', 'in', [...userIds])
    .orderBy('m.created_at')
    .execute();
}

/** The organizations a consultant is assigned to. */
export function assignmentsOf(db: Kysely<Database>, consultantId: string) {
  return db
    .selectFrom('consultant_assignments as c')
    .innerJoin('organizations as o', 'o.id', 'c.org_id')
    .select(['o.id', 'o.name', 'o.name_en', 'o.deactivated_at'])
    .where('c.consultant_id', '=', consultantId)
    .orderBy('o.name')
    .execute();
}

/** The open sessions' data of these users (the sign-in time is inside it). */
export async function openSessionsOf(db: Kysely<Database>, userIds: readonly string[]) {
  if (!userIds.length) return [];
  return db.selectFrom('sessions').select(['user_id', 'data']).where('user_id', 'in', [...userIds]).where('expires_at', '>', nowIso()).execute();
}

export async function updateUserProfile(db: Kysely<Database>, id: string, profile: Pick<User, 'name' | 'email' | 'affiliation'>): Promise<void> {
  await db.updateTable('users').set(profile).where('id', '=', id).execute();
}

/**
 * Deactivates a user, unless they are already deactivated or are the last active platform admin: one
 * statement, so the count it relies on is the one it writes against. False when refused.
 */
export async function deactivateUser(db: Kysely<Database>, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ deactivated_at: at })
    .where('id', '=', id)
    .where('deactivated_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('is_platform_admin', '=', 0),
        eb.exists(
          eb
            .selectFrom('users as other')
            .select('other.id')
            .where('other.is_platform_admin', '=', 1)
            .where('other.deactivated_at', 'is', null)
            .where('other.id', '!=', id),
        ),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function reactivateUser(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.updateTable('users').set({ deactivated_at: null }).where('id', '=', id).where('deactivated_at', 'is not', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
