// A user's role towards one organization: what the access policy is asked about for its assessments
// and for the organization itself (its profile, its members).
import type { AppContext } from '../context.js';
import type { Organization, User } from '../db/schema.js';
import { roleMay, ROLES, type Action, type Role } from '../domain/policy.js';
import { Forbidden, NotFound } from '../errors.js';
import { findOrganization, isAssignedConsultant, membershipRole } from './repo.js';

/** The user's role towards an organization: membership first, then assignment, then platform admin. */
export async function roleIn(ctx: AppContext, user: User, orgId: string): Promise<Role | undefined> {
  const member = await membershipRole(ctx.db, orgId, user.id);
  if (member && (ROLES as readonly string[]).includes(member)) return member as Role;
  if (await isAssignedConsultant(ctx.db, orgId, user.id)) return 'consultant';
  if (user.is_platform_admin === 1) return 'platform_admin';
  return undefined;
}

/** The organization and the user's role in it, when the policy lets the role take `action`: NotFound / Forbidden otherwise. */
export async function openOrganization(ctx: AppContext, user: User, orgId: string, action: Action): Promise<{ org: Organization; role: Role }> {
  const org = await findOrganization(ctx.db, orgId);
  if (!org) throw new NotFound();
  const role = await roleIn(ctx, user, org.id);
  if (!roleMay(role, action)) throw new Forbidden();
  return { org, role: role! };
}
