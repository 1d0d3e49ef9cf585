// A user's role towards one organization: what the access policy is asked about for its assessments
// and for the organization itself (its profile, its members). A deactivated organization has none.
import type { AppContext } from '../context.js';
import type { Organization, User } from '../db/schema.js';
import { roleMay, ROLES, type Action, type Role } from '../domain/policy.js';
import { Forbidden, NotFound } from '../errors.js';
import { findOrganization, isAssignedConsultant, isDeactivatedOrganization, membershipRole } from './repo.js';

/**
 * The user's role towards an organization: membership first, then assignment, then platform admin.
 * `member`: the user's active membership role there (null: none), when the caller has read it already.
 */
async function plainRoleIn(ctx: AppContext, user: User, orgId: string, member?: string | null): Promise<Role | undefined> {
  if (member === undefined) member = (await membershipRole(ctx.db, orgId, user.id)) ?? null;
  if (member && (ROLES as readonly string[]).includes(member)) return member as Role;
  if (await isAssignedConsultant(ctx.db, orgId, user.id)) return 'consultant';
  if (user.is_platform_admin === 1) return 'platform_admin';
  return undefined;
}

/** Whether a deactivation would close the organization to this user: to its members and consultants, not to a platform admin. */
function closedTo(user: User, role: Role | undefined): boolean {
  return role !== undefined && user.is_platform_admin !== 1;
}

/**
 * The user's role towards an organization. A deactivated organization is closed to its members and
 * consultants (Forbidden, saying so); a platform admin still sees it.
 */
export async function roleIn(ctx: AppContext, user: User, orgId: string): Promise<Role | undefined> {
  const role = await plainRoleIn(ctx, user, orgId);
  if (closedTo(user, role) && (await isDeactivatedOrganization(ctx.db, orgId))) throw new Forbidden('adminOrgs.closedToYou');
  return role;
}

/**
 * The same as `roleIn`, for an organization already read (its row says whether it is deactivated), and
 * the user's membership role in it when read with it (null: not a member).
 */
export async function roleInOrganization(ctx: AppContext, user: User, org: Organization, memberRole?: string | null): Promise<Role | undefined> {
  const role = await plainRoleIn(ctx, user, org.id, memberRole);
  if (closedTo(user, role) && org.deactivated_at) throw new Forbidden('adminOrgs.closedToYou');
  return role;
}

/** The organization and the user's role in it, when the policy lets the role take `action`: NotFound / Forbidden otherwise. */
export async function openOrganization(ctx: AppContext, user: User, orgId: string, action: Action): Promise<{ org: Organization; role: Role }> {
  const org = await findOrganization(ctx.db, orgId);
  if (!org) throw new NotFound();
  const role = await roleInOrganization(ctx, user, org);
  if (!roleMay(role, action)) throw new Forbidden();
  return { org, role: role! };
}
