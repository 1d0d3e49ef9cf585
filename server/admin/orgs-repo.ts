// Data access for the platform admin's organization pages: the searchable, paged list with member and
// consultant counts, deactivation, consultant assignments, and the credit codes an import collides with.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { organizationMatches } from '../orgs/search.js';

function matching(db: Kysely<Database>, search: string | undefined) {
  let query = db.selectFrom('organizations as o');
  if (search) query = query.where(organizationMatches(search));
  return query;
}

export async function countOrganizations(db: Kysely<Database>, search: string | undefined): Promise<number> {
  const row = await matching(db, search).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface OrganizationListRow {
  id: string;
  name: string;
  name_en: string | null;
  credit_code: string | null;
  province: string | null;
  industry: string;
  size_band: string;
  deactivated_at: string | null;
  members: number;
  consultants: number;
}

/** One page of organizations by name, with their active members and assigned consultants counted. */
export async function organizationsPage(db: Kysely<Database>, search: string | undefined, offset: number, limit: number): Promise<OrganizationListRow[]> {
  const rows = await matching(db, search)
    .select([
      'o.id',
      'o.name',
      'o.name_en',
      'o.credit_code',
      'o.province',
      'o.industry',
      'o.size_band',
      'o.deactivated_at',
      (eb) =>
        eb
          .selectFrom('memberships as m')
          .select((e) => e.fn.countAll().as('n'))
          .whereRef('m.org_id', '=', 'o.id')
          .where('m.deactivated_at', 'is', null)
          .as('members'),
      (eb) => eb.selectFrom('consultant_assignments as c').select((e) => e.fn.countAll().as('n')).whereRef('c.org_id', '=', 'o.id').as('consultants'),
    ])
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ ...r, members: Number(r.members ?? 0), consultants: Number(r.consultants ?? 0) }));
}

/**
 * Deactivates (`at` set) or reactivates (`at` null) an organization, only from the other state: false
 * when it was already so (a repeated click, or another admin first).
 */
export async function setOrganizationDeactivated(db: Kysely<Database>, id: string, change: { at: string | null; by: string | null; reason: string | null }): Promise<boolean> {
  const result = await db
    .updateTable('organizations')
    .set({ deactivated_at: change.at, deactivated_by: change.by, deactivation_reason: change.reason })
    .where('id', '=', id)
    .where('deactivated_at', change.at ? 'is' : 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function assignedConsultants(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('consultant_assignments as c')
    .innerJoin('users as u', 'u.id', 'c.consultant_id')
    .select(['u.id', 'u.name', 'u.email', 'u.affiliation', 'u.deactivated_at', 'c.created_at as assigned_at'])
    .where('c.org_id', '=', orgId)
    .orderBy('u.name')
    .execute();
}

export async function unassignConsultant(db: Kysely<Database>, orgId: string, consultantId: string): Promise<boolean> {
  const result = await db.deleteFrom('consultant_assignments').where('org_id', '=', orgId).where('consultant_id', '=', consultantId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function assessmentCount(db: Kysely<Database>, orgId: string): Promise<number> {
  const row = await db.selectFrom('assessments').select((eb) => eb.fn.countAll().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The organizations holding any of these credit codes (deactivated ones too): code → name. */
export async function organizationsByCreditCode(db: Kysely<Database>, codes: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < codes.length; i += 500) {
    const rows = await db.selectFrom('organizations').select(['credit_code', 'name']).where('credit_code', 'in', codes.slice(i, i + 500)).execute();
    for (const r of rows) if (r.credit_code) found.set(r.credit_code, r.name);
  }
  return found;
}

/** How many organizations there are, and how many have no consultant assigned. */
export async function organizationCounts(db: Kysely<Database>): Promise<{ organizationCount: number; withoutConsultant: number }> {
  const row = await db
    .selectFrom('organizations as o')
    .select((eb) => [
      eb.fn.countAll().as('n'),
      eb.fn
        .countAll()
        .filterWhere(eb.not(eb.exists(eb.selectFrom('consultant_assignments as ca').select('ca.org_id').whereRef('ca.org_id', '=', 'o.id'))))
        .as('unassigned'),
    ])
    .executeTakeFirstOrThrow();
  return { organizationCount: Number(row.n), withoutConsultant: Number(row.unassigned) };
}

/** Every consultant with the number of organizations assigned to them. */
export function consultantsWithClientCounts(db: Kysely<Database>) {
  return db
    .selectFrom('users as u')
    .leftJoin('consultant_assignments as ca', 'ca.consultant_id', 'u.id')
    .select(['u.id', 'u.name', 'u.email', 'u.affiliation', (eb) => eb.fn.count<number>('ca.org_id').as('clients')])
    .where('u.is_consultant', '=', 1)
    .groupBy(['u.id', 'u.name', 'u.email', 'u.affiliation'])
    .orderBy('u.name')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, clients: Number(r.clients) })));
}
