// The platform admin's organizations: the list (search, pages of 50), one organization's page (its
// profile, members, consultants), and deactivation. A deactivated organization is closed to its members
// and consultants (server/orgs/roles.ts refuses them), leaves its consultants' review queue and keeps its
// credit code, so it cannot be registered again; the platform admin still sees and edits it.
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { nowIso } from '../db/ids.js';
import type { Organization, User } from '../db/schema.js';
import { pageInfo } from '../domain/paging.js';
import { Forbidden, NotFound } from '../errors.js';
import { listMembers } from '../members/repo.js';
import type { ProfileInput } from '../orgs/forms.js';
import { findOrganization, listConsultants } from '../orgs/repo.js';
import { updateProfile } from '../orgs/service.js';
import { inTransaction } from '../record/write-path.js';
import { findUserById } from '../auth/users-repo.js';
import { assessmentCount, assignedConsultants, countOrganizations, organizationsPage, setOrganizationDeactivated, unassignConsultant } from './orgs-repo.js';

export const PAGE_SIZE = 50;

/** Every function here is the platform admin's; the routes check it too. */
export function requirePlatformAdmin(user: User): void {
  if (user.is_platform_admin !== 1) throw new Forbidden();
}

export interface ListQuery {
  search?: string;
  page: number;
}

export async function organizationsList(ctx: AppContext, admin: User, query: ListQuery) {
  requirePlatformAdmin(admin);
  const total = await countOrganizations(ctx.db, query.search);
  const paging = pageInfo(query.page, PAGE_SIZE, total);
  const rows = await organizationsPage(ctx.db, query.search, (paging.page - 1) * PAGE_SIZE, PAGE_SIZE);
  return { rows, paging, search: query.search ?? '' };
}

async function organizationOrNotFound(ctx: AppContext, orgId: string): Promise<Organization> {
  const org = await findOrganization(ctx.db, orgId);
  if (!org) throw new NotFound();
  return org;
}

/** One organization as the platform admin manages it. */
export async function organizationAdminPage(ctx: AppContext, admin: User, orgId: string) {
  requirePlatformAdmin(admin);
  const org = await organizationOrNotFound(ctx, orgId);
  const [members, consultants, allConsultants, assessments, deactivatedBy] = await Promise.all([
    listMembers(ctx.db, org.id),
    assignedConsultants(ctx.db, org.id),
    listConsultants(ctx.db),
    assessmentCount(ctx.db, org.id),
    org.deactivated_by ? findUserById(ctx.db, org.deactivated_by) : undefined,
  ]);
  const assigned = new Set(consultants.map((c) => c.id));
  return {
    org,
    members,
    consultants,
    assignable: allConsultants.filter((c) => !assigned.has(c.id)),
    assessments,
    deactivatedByName: deactivatedBy?.name ?? null,
  };
}

/** The profile as the org admin's profile page changes it: the same checks (credit code valid and unique), the same audit. */
export async function saveOrganizationProfile(ctx: AppContext, admin: User, orgId: string, input: ProfileInput): Promise<void> {
  requirePlatformAdmin(admin);
  const org = await organizationOrNotFound(ctx, orgId);
  await updateProfile(ctx, admin, { org, mayEdit: true }, input);
}

export async function deactivateOrganization(ctx: AppContext, admin: User, orgId: string, reason: string): Promise<void> {
  requirePlatformAdmin(admin);
  const org = await organizationOrNotFound(ctx, orgId);
  await inTransaction(ctx.db, async (trx) => {
    // The guarded update locks the row; a second click finds it done and changes nothing.
    if (!(await setOrganizationDeactivated(trx, org.id, { at: nowIso(), by: admin.id, reason }))) return;
    await recordAudit(trx, { actorId: admin.id, orgId: org.id, action: 'admin.org-deactivated', detail: { reason } });
  });
}

export async function reactivateOrganization(ctx: AppContext, admin: User, orgId: string, reason: string): Promise<void> {
  requirePlatformAdmin(admin);
  const org = await organizationOrNotFound(ctx, orgId);
  await inTransaction(ctx.db, async (trx) => {
    if (!(await setOrganizationDeactivated(trx, org.id, { at: null, by: null, reason: null }))) return;
    await recordAudit(trx, {
      actorId: admin.id,
      orgId: org.id,
      action: 'admin.org-reactivated',
      detail: { reason, deactivatedAt: org.deactivated_at, deactivationReason: org.deactivation_reason },
    });
  });
}

/** Ends a consultant's assignment: from now on they cannot open the organization's assessments. */
export async function unassignConsultantFrom(ctx: AppContext, admin: User, orgId: string, consultantId: string): Promise<void> {
  requirePlatformAdmin(admin);
  const org = await organizationOrNotFound(ctx, orgId);
  await inTransaction(ctx.db, async (trx) => {
    if (!(await unassignConsultant(trx, org.id, consultantId))) throw new NotFound();
    await recordAudit(trx, { actorId: admin.id, orgId: org.id, action: 'admin.consultant-unassigned', detail: { consultant: consultantId } });
  });
}
