// The platform admin's users: the list (search, pages of 50) saying what each account is, one user's
// page, changing their name, e-mail and a consultant's firm, and deactivation. Deactivating ends every
// session of the account in the same transaction; nobody deactivates themselves, and the last active
// platform admin stays.
import { recordAudit } from '../audit/audit.js';
import { findUserById, normalizeEmail } from '../auth/users-repo.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import { nowIso } from '../db/ids.js';
import type { User } from '../db/schema.js';
import { pageInfo } from '../domain/paging.js';
import { Invalid, NotFound } from '../errors.js';
import { inTransaction } from '../record/write-path.js';
import { endSessionsOf } from '../sessions/repo.js';
import { PAGE_SIZE, requirePlatformAdmin, type ListQuery } from './orgs-service.js';
import { assignmentsOf, countUsers, deactivateUser, membershipsOf, openSessionsOf, reactivateUser, updateUserProfile, usersPage } from './users-repo.js';

export type UserKind = 'platformAdmin' | 'consultant' | 'member' | 'none';

interface MembershipView {
  orgId: string;
  orgName: string;
  orgNameEn: string | null;
  role: string;
  active: boolean;
  orgDeactivated: boolean;
}

/** The latest sign-in among a user's open sessions (the sessions table keeps no closed ones). */
function lastSignIns(rows: { user_id: string | null; data: string }[]): Map<string, string> {
  const latest = new Map<string, number>();
  for (const r of rows) {
    let at: unknown;
    try {
      at = (JSON.parse(r.data) as { signedInAt?: unknown }).signedInAt;
    } catch {
      continue;
    }
    if (r.user_id && typeof at === 'number' && at > (latest.get(r.user_id) ?? 0)) latest.set(r.user_id, at);
  }
  return new Map([...latest].map(([id, ms]) => [id, new Date(ms).toISOString()]));
}

function kindOf(user: Pick<User, 'is_platform_admin' | 'is_consultant'>, memberships: readonly MembershipView[]): UserKind {
  if (user.is_platform_admin === 1) return 'platformAdmin';
  if (user.is_consultant === 1) return 'consultant';
  return memberships.length ? 'member' : 'none';
}

async function membershipViews(ctx: AppContext, userIds: readonly string[]): Promise<Map<string, MembershipView[]>> {
  const byUser = new Map<string, MembershipView[]>();
  for (const m of await membershipsOf(ctx.db, userIds)) {
    const list = byUser.get(m.user_id) ?? [];
    list.push({ orgId: m.org_id, orgName: m.org_name, orgNameEn: m.org_name_en, role: m.role, active: m.deactivated_at === null, orgDeactivated: m.org_deactivated_at !== null });
    byUser.set(m.user_id, list);
  }
  return byUser;
}

export async function usersList(ctx: AppContext, admin: User, query: ListQuery) {
  requirePlatformAdmin(admin);
  const total = await countUsers(ctx.db, query.search);
  const paging = pageInfo(query.page, PAGE_SIZE, total);
  const users = await usersPage(ctx.db, query.search, (paging.page - 1) * PAGE_SIZE, PAGE_SIZE);
  const ids = users.map((u) => u.id);
  const [memberships, sessions] = await Promise.all([membershipViews(ctx, ids), openSessionsOf(ctx.db, ids)]);
  const signIns = lastSignIns(sessions);
  const rows = users.map((u) => {
    const ms = (memberships.get(u.id) ?? []).filter((m) => m.active);
    return { ...u, kind: kindOf(u, ms), memberships: ms, lastSignIn: signIns.get(u.id) ?? null };
  });
  return { rows, paging, search: query.search ?? '' };
}

async function userOrNotFound(ctx: AppContext, userId: string): Promise<User> {
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new NotFound();
  return user;
}

export async function userAdminPage(ctx: AppContext, admin: User, userId: string) {
  requirePlatformAdmin(admin);
  const user = await userOrNotFound(ctx, userId);
  const [memberships, sessions, assignments] = await Promise.all([
    membershipViews(ctx, [user.id]),
    openSessionsOf(ctx.db, [user.id]),
    user.is_consultant === 1 ? assignmentsOf(ctx.db, user.id) : Promise.resolve([]),
  ]);
  const ms = memberships.get(user.id) ?? [];
  return {
    target: user,
    kind: kindOf(user, ms.filter((m) => m.active)),
    memberships: ms,
    assignments,
    openSessions: sessions.length,
    lastSignIn: lastSignIns(sessions).get(user.id) ?? null,
    isSelf: user.id === admin.id,
  };
}

export interface UserProfileInput {
  name: string;
  email: string;
  affiliation?: string;
}

/** Name, e-mail (unique) and, for a consultant, their firm; audited with old and new values. */
export async function saveUserProfile(ctx: AppContext, admin: User, userId: string, input: UserProfileInput): Promise<void> {
  requirePlatformAdmin(admin);
  const user = await userOrNotFound(ctx, userId);
  const profile = {
    name: input.name.trim(),
    email: normalizeEmail(input.email),
    affiliation: user.is_consultant === 1 ? input.affiliation?.trim() || null : user.affiliation,
  };
  const changed = (Object.keys(profile) as (keyof typeof profile)[]).filter((k) => profile[k] !== user[k]);
  if (!changed.length) return;
  try {
    await inTransaction(ctx.db, async (trx) => {
      await updateUserProfile(trx, user.id, profile);
      await recordAudit(trx, {
        actorId: admin.id,
        action: 'admin.user-changed',
        detail: { user: user.id, ...Object.fromEntries(changed.map((k) => [k, { from: user[k], to: profile[k] }])) },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new Invalid('errors.invalidInput', { email: 'errors.emailTaken' });
    throw err;
  }
}

/** The account can no longer sign in, and every session it has ends now. */
export async function deactivateUserAccount(ctx: AppContext, admin: User, userId: string): Promise<void> {
  requirePlatformAdmin(admin);
  const user = await userOrNotFound(ctx, userId);
  if (user.id === admin.id) throw new Invalid('errors.invalidInput', { deactivate: 'adminUsers.notYourself' });
  if (user.deactivated_at) return;
  await inTransaction(ctx.db, async (trx) => {
    if (!(await deactivateUser(trx, user.id, nowIso()))) throw new Invalid('errors.invalidInput', { deactivate: 'adminUsers.lastPlatformAdmin' });
    const sessions = await endSessionsOf(trx, user.id);
    await recordAudit(trx, { actorId: admin.id, action: 'admin.user-deactivated', detail: { user: user.id, sessionsEnded: sessions } });
  });
}

export async function reactivateUserAccount(ctx: AppContext, admin: User, userId: string): Promise<void> {
  requirePlatformAdmin(admin);
  const user = await userOrNotFound(ctx, userId);
  await inTransaction(ctx.db, async (trx) => {
    if (!(await reactivateUser(trx, user.id))) return;
    await recordAudit(trx, { actorId: admin.id, action: 'admin.user-reactivated', detail: { user: user.id } });
  });
}
