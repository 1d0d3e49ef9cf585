// Data access for organizations, memberships and consultant assignments.
import type { Kysely } from 'kysely';
import { newId, nowIso } from '../db/ids.js';
import type { Database, Organization } from '../db/schema.js';
import type { Role } from '../domain/policy.js';

export interface OrganizationInput {
  name: string;
  industry: string;
  sizeBand: string;
  /** Normalised and validated by the caller (server/domain/credit-code.ts). */
  creditCode?: string | null;
  province?: string | null;
  nameEn?: string | null;
}

export async function insertOrganization(db: Kysely<Database>, input: OrganizationInput): Promise<Organization> {
  const org: Organization = {
    id: newId(),
    name: input.name.trim(),
    industry: input.industry,
    size_band: input.sizeBand,
    created_at: nowIso(),
    credit_code: input.creditCode ?? null,
    province: input.province ?? null,
    name_en: input.nameEn?.trim() || null,
    deactivated_at: null,
    deactivated_by: null,
    deactivation_reason: null,
  };
  await db.insertInto('organizations').values(org).execute();
  return org;
}

export type OrganizationProfile = Pick<Organization, 'name' | 'name_en' | 'credit_code' | 'province' | 'industry' | 'size_band'>;

export async function updateOrganizationProfile(db: Kysely<Database>, id: string, profile: OrganizationProfile): Promise<void> {
  await db.updateTable('organizations').set(profile).where('id', '=', id).execute();
}

/** The organization registered with this credit code, if any. */
export function findOrganizationByCreditCode(db: Kysely<Database>, creditCode: string): Promise<Organization | undefined> {
  return db.selectFrom('organizations').selectAll().where('credit_code', '=', creditCode).executeTakeFirst();
}

export async function addMember(db: Kysely<Database>, orgId: string, userId: string, role: Role) {
  await db.insertInto('memberships').values({ org_id: orgId, user_id: userId, role, created_at: nowIso() }).execute();
}

export function findOrganization(db: Kysely<Database>, id: string): Promise<Organization | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The organizations a user belongs to, with the user's role in each. */
export function organizationsOf(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
    .select([
      'organizations.id',
      'organizations.name',
      'organizations.name_en',
      'organizations.credit_code',
      'organizations.industry',
      'organizations.size_band',
      'memberships.role',
    ])
    .where('memberships.user_id', '=', userId)
    .where('memberships.deactivated_at', 'is', null)
    .where('organizations.deactivated_at', 'is', null)
    .orderBy('organizations.created_at')
    .execute();
}

export async function membershipRole(db: Kysely<Database>, orgId: string, userId: string) {
  const row = await db
    .selectFrom('memberships')
    .select('role')
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  return row?.role;
}

export async function isDeactivatedOrganization(db: Kysely<Database>, orgId: string): Promise<boolean> {
  const row = await db.selectFrom('organizations').select('deactivated_at').where('id', '=', orgId).executeTakeFirst();
  return Boolean(row?.deactivated_at);
}

export async function isAssignedConsultant(db: Kysely<Database>, orgId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('consultant_assignments')
    .select('org_id')
    .where('org_id', '=', orgId)
    .where('consultant_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function assignConsultant(db: Kysely<Database>, orgId: string, consultantId: string): Promise<void> {
  await db
    .insertInto('consultant_assignments')
    .values({ org_id: orgId, consultant_id: consultantId, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['org_id', 'consultant_id']).doNothing())
    .execute();
}

/** Whose assessments: every organization's (the platform admin) or the listed organizations'. */
export type OrgScope = { all: true } | { orgIds: string[] };

/** The scope narrowed to one organization: empty when it lies outside. */
export function narrowScope(scope: OrgScope, orgId: string): OrgScope {
  return { orgIds: 'all' in scope || scope.orgIds.includes(orgId) ? [orgId] : [] };
}

/**
 * The organizations whose assessments a user may see: every one for a platform admin (not listed: a query
 * takes that as no condition), else those of their memberships and assignments.
 */
export async function visibleScope(db: Kysely<Database>, user: { id: string; is_platform_admin: number }): Promise<OrgScope> {
  if (user.is_platform_admin === 1) return { all: true };
  // A deactivated organization's assessments are out of sight for its members and consultants (each row's
  // organization looked up by its key: the user's rows drive the query, never the organizations table).
  const member = await db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select('m.org_id')
    .where('m.user_id', '=', user.id)
    .where('m.deactivated_at', 'is', null)
    .where('o.deactivated_at', 'is', null)
    .execute();
  const assigned = await db
    .selectFrom('consultant_assignments as ca')
    .innerJoin('organizations as o', 'o.id', 'ca.org_id')
    .select('ca.org_id')
    .where('ca.consultant_id', '=', user.id)
    .where('o.deactivated_at', 'is', null)
    .execute();
  return { orgIds: [...new Set([...member, ...assigned].map((r) => r.org_id))] };
}

export function listConsultants(db: Kysely<Database>) {
  return db.selectFrom('users').select(['id', 'name', 'email', 'affiliation']).where('is_consultant', '=', 1).orderBy('name').execute();
}
