// An organization's team: its members and their roles, invitations by link, deactivation and removal,
// and password-reset links for members. Every change locks the organization row first
// (changeOrganization), so "the last org admin stays" holds under concurrent requests.
import { recordAudit } from '../audit/audit.js';
import { daysFrom, hashLinkToken, newLinkToken } from '../auth/link-tokens.js';
import { hashPassword } from '../auth/passwords.js';
import { findUserByEmail, findUserById, insertUser, normalizeEmail } from '../auth/users-repo.js';
import { insertPasswordReset } from '../account/resets-repo.js';
import { openOrganization } from '../orgs/roles.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import { nowIso } from '../db/ids.js';
import type { Organization, User } from '../db/schema.js';
import type { MemberRole } from '../domain/policy.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors.js';
import { findOrganization } from '../orgs/repo.js';
import { endSessionsOf } from '../sessions/repo.js';
import { changeOrganization, inTransaction } from '../record/write-path.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  claimInvitation,
  deleteMembership,
  findMember,
  hasActiveAccess,
  insertInvitation,
  invitationByTokenHash,
  listMembers,
  openInvitations,
  otherActiveAdmins,
  revokeInvitation,
  setMemberDeactivated,
  setMemberRole,
  setUserDeactivated,
  type InvitationRow,
} from './repo.js';

export const INVITATION_DAYS = 7;
export const RESET_LINK_HOURS = 24;

/** The organization, when the user may manage its members; Forbidden otherwise (NotFound for no such organization). */
export async function openTeam(ctx: AppContext, user: User, orgId: string): Promise<Organization> {
  return (await openOrganization(ctx, user, orgId, 'org.members')).org;
}

export async function membersPage(ctx: AppContext, user: User, orgId: string) {
  const org = await openTeam(ctx, user, orgId);
  const [members, invitations] = await Promise.all([listMembers(ctx.db, orgId), openInvitations(ctx.db, orgId)]);
  const now = nowIso();
  return {
    org,
    members: members.map((m) => ({ ...m, isSelf: m.userId === user.id })),
    invitations: invitations.map((i) => ({ ...i, expired: i.expiresAt <= now })),
  };
}

/** Creates an invitation and returns its token (shown once, as a link to copy). */
export async function inviteMember(ctx: AppContext, admin: User, orgId: string, input: { email: string; role: MemberRole }): Promise<{ token: string; expiresAt: string }> {
  await openTeam(ctx, admin, orgId);
  const email = normalizeEmail(input.email);
  const existing = await findUserByEmail(ctx.db, email);
  if (existing && (await findMember(ctx.db, orgId, existing.id))?.deactivatedAt === null) {
    throw new Invalid('errors.invalidInput', { email: 'members.alreadyMember' });
  }
  if (existing && (existing.is_consultant === 1 || existing.is_platform_admin === 1)) {
    throw new Invalid('errors.invalidInput', { email: 'members.notForStaff' });
  }
  const { token, hash } = newLinkToken();
  const now = nowIso();
  const expiresAt = daysFrom(now, INVITATION_DAYS);
  await changeOrganization(ctx.db, orgId, async (trx) => {
    const id = await insertInvitation(trx, { orgId, email, role: input.role, tokenHash: hash, createdBy: admin.id, createdAt: now, expiresAt });
    await recordAudit(trx, { actorId: admin.id, orgId, action: 'member.invited', detail: { invitation: id, email, role: input.role } });
  });
  return { token, expiresAt };
}

export async function revokeMemberInvitation(ctx: AppContext, admin: User, orgId: string, invitationId: string): Promise<void> {
  await openTeam(ctx, admin, orgId);
  await changeOrganization(ctx.db, orgId, async (trx, now) => {
    if (!(await revokeInvitation(trx, orgId, invitationId, admin.id, now))) throw new Conflict('members.invitationClosed');
    await recordAudit(trx, { actorId: admin.id, orgId, action: 'member.invitation-revoked', detail: { invitation: invitationId } });
  });
}

/** The member being changed, inside the organization's lock; refuses to leave the organization without an active admin. */
async function changeMember(
  ctx: AppContext,
  admin: User,
  orgId: string,
  userId: string,
  change: { role?: MemberRole; leavesAdmins: boolean },
  work: (trx: Kysely<Database>, now: string) => Promise<void>,
): Promise<void> {
  await openTeam(ctx, admin, orgId);
  await changeOrganization(ctx.db, orgId, async (trx, now) => {
    const member = await findMember(trx, orgId, userId);
    if (!member) throw new NotFound();
    const isActiveAdmin = member.role === 'org_admin' && member.deactivatedAt === null;
    if (isActiveAdmin && change.leavesAdmins && (await otherActiveAdmins(trx, orgId, userId)) === 0) {
      throw new Conflict('members.lastAdmin');
    }
    await work(trx, now);
  });
}

export async function changeMemberRole(ctx: AppContext, admin: User, orgId: string, userId: string, role: MemberRole): Promise<void> {
  await changeMember(ctx, admin, orgId, userId, { role, leavesAdmins: role !== 'org_admin' }, async (trx) => {
    await setMemberRole(trx, orgId, userId, role);
    await recordAudit(trx, { actorId: admin.id, orgId, action: 'member.role-changed', detail: { member: userId, role } });
  });
}

/** Without any other way in, the account itself is deactivated and its sessions end. */
async function closeAccountIfNoAccess(trx: Kysely<Database>, userId: string, now: string): Promise<void> {
  if (await hasActiveAccess(trx, userId)) return;
  await setUserDeactivated(trx, userId, now);
  await endSessionsOf(trx, userId);
}

export async function deactivateMember(ctx: AppContext, admin: User, orgId: string, userId: string): Promise<void> {
  await changeMember(ctx, admin, orgId, userId, { leavesAdmins: true }, async (trx, now) => {
    await setMemberDeactivated(trx, orgId, userId, now);
    await closeAccountIfNoAccess(trx, userId, now);
    await recordAudit(trx, { actorId: admin.id, orgId, action: 'member.deactivated', detail: { member: userId } });
  });
}

export async function reactivateMember(ctx: AppContext, admin: User, orgId: string, userId: string): Promise<void> {
  await changeMember(ctx, admin, orgId, userId, { leavesAdmins: false }, async (trx) => {
    await setMemberDeactivated(trx, orgId, userId, null);
    await setUserDeactivated(trx, userId, null);
    await recordAudit(trx, { actorId: admin.id, orgId, action: 'member.reactivated', detail: { member: userId } });
  });
}

export async function removeMember(ctx: AppContext, admin: User, orgId: string, userId: string): Promise<void> {
  await changeMember(ctx, admin, orgId, userId, { leavesAdmins: true }, async (trx, now) => {
    await deleteMembership(trx, orgId, userId);
    await closeAccountIfNoAccess(trx, userId, now);
    await recordAudit(trx, { actorId: admin.id, orgId, action: 'member.removed', detail: { member: userId } });
  });
}

/** A one-time password-reset link for a member of the organization (never for consultants or platform admins). */
export async function memberResetLink(ctx: AppContext, admin: User, orgId: string, userId: string): Promise<{ token: string; expiresAt: string; name: string }> {
  await openTeam(ctx, admin, orgId);
  const member = await findMember(ctx.db, orgId, userId);
  const target = await findUserById(ctx.db, userId);
  if (!member || !target) throw new NotFound();
  if (target.is_consultant === 1 || target.is_platform_admin === 1) throw new Forbidden();
  const link = await issueResetLink(ctx, admin, target, orgId);
  return { ...link, name: target.name };
}

/** Issues a reset link for `target`: for org admins (their members) and platform admins (anyone). */
export async function issueResetLink(ctx: AppContext, by: User, target: User, orgId: string | null): Promise<{ token: string; expiresAt: string }> {
  const { token, hash } = newLinkToken();
  const now = nowIso();
  const expiresAt = daysFrom(now, RESET_LINK_HOURS / 24);
  await inTransaction(ctx.db, async (trx) => {
    await insertPasswordReset(trx, { tokenHash: hash, userId: target.id, createdBy: by.id, createdAt: now, expiresAt });
    await recordAudit(trx, { actorId: by.id, orgId, action: 'account.reset-link-issued', detail: { user: target.id } });
  });
  return { token, expiresAt };
}

export type InvitationState =
  | { state: 'unknown' }
  | { state: 'accepted' | 'revoked' | 'expired'; invitation: InvitationRow; org: Organization }
  | { state: 'open'; invitation: InvitationRow; org: Organization; hasAccount: boolean; signedInAs: 'invitee' | 'other' | null };

/** What an invitation link leads to, for the person who opened it. */
export async function invitationByToken(ctx: AppContext, token: string, user: User | null): Promise<InvitationState> {
  const invitation = await invitationByTokenHash(ctx.db, hashLinkToken(token));
  if (!invitation) return { state: 'unknown' };
  const org = (await findOrganization(ctx.db, invitation.orgId))!;
  if (invitation.acceptedAt) return { state: 'accepted', invitation, org };
  if (invitation.revokedAt) return { state: 'revoked', invitation, org };
  if (invitation.expiresAt <= nowIso()) return { state: 'expired', invitation, org };
  const hasAccount = (await findUserByEmail(ctx.db, invitation.email)) !== undefined;
  const signedInAs = user ? (user.email === invitation.email ? 'invitee' : 'other') : null;
  return { state: 'open', invitation, org, hasAccount, signedInAs };
}

/**
 * Accepts an invitation: as the signed-in invitee, or by creating the invitee's account (name and
 * password). Single use: the invitation is claimed in the same transaction, under the organization's lock.
 */
export async function acceptInvitation(
  ctx: AppContext,
  token: string,
  as: { user: User } | { name: string; password: string },
): Promise<User> {
  const found = await invitationByTokenHash(ctx.db, hashLinkToken(token));
  if (!found) throw new NotFound('members.invitationUnknown');
  const passwordHash = 'password' in as ? await hashPassword(as.password) : undefined;
  try {
    return await changeOrganization(ctx.db, found.orgId, async (trx, now) => {
      let user: User;
      if ('user' in as) {
        if (as.user.email !== found.email) throw new Forbidden('members.invitationForOther');
        user = as.user;
      } else {
        user = await insertUser(trx, { email: found.email, name: as.name, passwordHash: passwordHash! });
      }
      if (!(await claimInvitation(trx, found.id, user.id, now))) throw new Conflict('members.invitationClosed');
      const member = await findMember(trx, found.orgId, user.id);
      if (member) {
        await setMemberRole(trx, found.orgId, user.id, found.role as MemberRole);
        await setMemberDeactivated(trx, found.orgId, user.id, null);
      } else {
        await trx.insertInto('memberships').values({ org_id: found.orgId, user_id: user.id, role: found.role, created_at: now, deactivated_at: null }).execute();
      }
      await setUserDeactivated(trx, user.id, null);
      await recordAudit(trx, { actorId: user.id, orgId: found.orgId, action: 'member.joined', detail: { invitation: found.id, role: found.role } });
      return { ...user, deactivated_at: null };
    });
  } catch (err) {
    // The invitee's account was created meanwhile (another tab): they sign in and accept from there.
    if (isUniqueViolation(err)) throw new Conflict('members.invitationSignInFirst');
    throw err;
  }
}
