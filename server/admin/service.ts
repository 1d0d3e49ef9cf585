// What the platform admin does: create consultant accounts, assign consultants to organizations, and
// read what the admin page shows. Each write and its audit row commit together.
import { recordAudit } from '../audit/audit.js';
import { hashPassword } from '../auth/passwords.js';
import { findUserByEmail, findUserById, insertUser } from '../auth/users-repo.js';
import { issueResetLink } from '../members/service.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import type { User } from '../db/schema.js';
import { Invalid } from '../errors.js';
import { assignConsultant, findOrganization } from '../orgs/repo.js';
import { consultantsWithClientCounts, organizationCounts } from './orgs-repo.js';
import { inTransaction } from '../record/write-path.js';

/** The overview: how many organizations (and how many have no consultant), and the consultants with their client counts. */
export async function adminPage(ctx: AppContext) {
  const [counts, consultants] = await Promise.all([organizationCounts(ctx.db), consultantsWithClientCounts(ctx.db)]);
  return { ...counts, consultants };
}

export async function createConsultant(ctx: AppContext, admin: User, input: { name: string; email: string; password: string; affiliation: string }): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const user = await insertUser(trx, { email: input.email, name: input.name, passwordHash, isConsultant: true, affiliation: input.affiliation });
      await recordAudit(trx, { actorId: admin.id, action: 'admin.consultant-created', detail: { consultant: user.id } });
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new Invalid('errors.invalidInput', { email: 'errors.emailTaken' });
    throw err;
  }
}

export async function assignConsultantTo(ctx: AppContext, admin: User, input: { orgId: string; consultantId: string }): Promise<void> {
  const consultant = await findUserById(ctx.db, input.consultantId);
  const org = await findOrganization(ctx.db, input.orgId);
  if (!org || consultant?.is_consultant !== 1) throw new Invalid('errors.invalidInput', { assignment: 'errors.choose' });
  await inTransaction(ctx.db, async (trx) => {
    await assignConsultant(trx, org.id, consultant.id);
    await recordAudit(trx, { actorId: admin.id, orgId: org.id, action: 'admin.consultant-assigned', detail: { consultant: consultant.id } });
  });
}

/** A one-time password-reset link for any user (the platform admin's own way to let someone back in). */
export async function adminResetLink(ctx: AppContext, admin: User, email: string): Promise<{ token: string; expiresAt: string; name: string }> {
  const target = await findUserByEmail(ctx.db, email);
  if (!target) throw new Invalid('errors.invalidInput', { resetEmail: 'admin.noSuchUser' });
  return { ...(await issueResetLink(ctx, admin, target, null)), name: target.name };
}
