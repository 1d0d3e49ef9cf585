// Data access for an organization's members and invitations.
import type { Kysely } from 'kysely';
import { newId } from '../db/ids.js';
import type { Database } from '../db/schema.js';
import type { MemberRole } from '../domain/policy.js';

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: string;
  joinedAt: string;
  deactivatedAt: string | null;
}

function members(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.name', 'users.email', 'memberships.role', 'memberships.created_at', 'memberships.deactivated_at'])
    .where('memberships.org_id', '=', orgId);
}

type MemberSelect = Awaited<ReturnType<ReturnType<typeof members>['execute']>>[number];
const toMember = (r: MemberSelect): MemberRow => ({ userId: r.id, name: r.name, email: r.email, role: r.role, joinedAt: r.created_at, deactivatedAt: r.deactivated_at });

export async function listMembers(db: Kysely<Database>, orgId: string): Promise<MemberRow[]> {
  return (await members(db, orgId).orderBy('memberships.created_at').execute()).map(toMember);
}

export async function findMember(db: Kysely<Database>, orgId: string, userId: string): Promise<MemberRow | undefined> {
  const row = await members(db, orgId).where('memberships.user_id', '=', userId).executeTakeFirst();
  return row && toMember(row);
}

/** Active org admins of the organization other than `exceptUserId`. */
export async function otherActiveAdmins(db: Kysely<Database>, orgId: string, exceptUserId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('org_id', '=', orgId)
    .where('role', '=', 'org_admin')
    .where('deactivated_at', 'is', null)
    .where('user_id', '!=', exceptUserId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setMemberRole(db: Kysely<Database>, orgId: string, userId: string, role: MemberRole): Promise<void> {
  await db.updateTable('memberships').set({ role }).where('org_id', '=', orgId).where('user_id', '=', userId).execute();
}

export async function setMemberDeactivated(db: Kysely<Database>, orgId: string, userId: string, at: string | null): Promise<void> {
  await db.updateTable('memberships').set({ deactivated_at: at }).where('org_id', '=', orgId).where('user_id', '=', userId).execute();
}

export async function deleteMembership(db: Kysely<Database>, orgId: string, userId: string): Promise<void> {
  await db.deleteFrom('memberships').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  // Their sections in this organization's assessments are no longer theirs.
  await db
    .deleteFrom('section_assignments')
    .where('user_id', '=', userId)
    .where('assessment_id', 'in', (eb) => eb.selectFrom('assessments').select('id').where('org_id', '=', orgId))
    .execute();
}

/** Does the user still have a way in: an active membership, a consultant's or a platform admin's account? */
export async function hasActiveAccess(db: Kysely<Database>, userId: string): Promise<boolean> {
  const user = await db.selectFrom('users').select(['is_consultant', 'is_platform_admin']).where('id', '=', userId).executeTakeFirst();
  if (!user) return false;
  if (user.is_consultant === 1 || user.is_platform_admin === 1) return true;
  const member = await db.selectFrom('memberships').select('org_id').where('user_id', '=', userId).where('deactivated_at', 'is', null).limit(1).executeTakeFirst();
  return member !== undefined;
}

export async function setUserDeactivated(db: Kysely<Database>, userId: string, at: string | null): Promise<void> {
  await db.updateTable('users').set({ deactivated_at: at }).where('id', '=', userId).execute();
}

export interface InvitationRow {
  id: string;
  orgId: string;
  email: string;
  role: string;
  createdBy: string;
  createdByName: string;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
}

export async function insertInvitation(
  db: Kysely<Database>,
  input: { orgId: string; email: string; role: MemberRole; tokenHash: string; createdBy: string; createdAt: string; expiresAt: string },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('invitations')
    .values({
      id,
      org_id: input.orgId,
      email: input.email,
      role: input.role,
      token_hash: input.tokenHash,
      created_by: input.createdBy,
      created_at: input.createdAt,
      expires_at: input.expiresAt,
      accepted_at: null,
      accepted_by: null,
      revoked_at: null,
      revoked_by: null,
    })
    .execute();
  return id;
}

function invitations(db: Kysely<Database>) {
  return db
    .selectFrom('invitations')
    .innerJoin('users', 'users.id', 'invitations.created_by')
    .select([
      'invitations.id',
      'invitations.org_id',
      'invitations.email',
      'invitations.role',
      'invitations.created_by',
      'users.name as created_by_name',
      'invitations.created_at',
      'invitations.expires_at',
      'invitations.accepted_at',
      'invitations.revoked_at',
    ]);
}

type InvitationSelect = Awaited<ReturnType<ReturnType<typeof invitations>['execute']>>[number];
const toInvitation = (r: InvitationSelect): InvitationRow => ({
  id: r.id,
  orgId: r.org_id,
  email: r.email,
  role: r.role,
  createdBy: r.created_by,
  createdByName: r.created_by_name,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  acceptedAt: r.accepted_at,
  revokedAt: r.revoked_at,
});

/** Invitations neither accepted nor revoked (expired ones included: the page says so). */
export async function openInvitations(db: Kysely<Database>, orgId: string): Promise<InvitationRow[]> {
  const rows = await invitations(db)
    .where('invitations.org_id', '=', orgId)
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .orderBy('invitations.created_at', 'desc')
    .execute();
  return rows.map(toInvitation);
}

export async function invitationByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<InvitationRow | undefined> {
  const row = await invitations(db).where('invitations.token_hash', '=', tokenHash).executeTakeFirst();
  return row && toInvitation(row);
}

/** Marks the invitation accepted if it is still open and unexpired; false when another request got there first. */
export async function claimInvitation(db: Kysely<Database>, id: string, userId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ accepted_at: now, accepted_by: userId })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function revokeInvitation(db: Kysely<Database>, orgId: string, id: string, by: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ revoked_at: now, revoked_by: by })
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
