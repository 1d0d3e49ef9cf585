// Registering an organization with its first org admin. The outcome the visitor sees is the same
// whether or not the e-mail is taken (so the form cannot be used to find accounts); the owner of a
// taken e-mail is told in the app instead.
import { notify } from '../account/notifications-repo.js';
import { recordAudit } from '../audit/audit.js';
import { hashPassword } from '../auth/passwords.js';
import { findUserByEmail, insertUser } from '../auth/users-repo.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import { inTransaction } from '../record/write-path.js';
import { addMember, insertOrganization } from './repo.js';

export interface Registration {
  orgName: string;
  industry: string;
  sizeBand: string;
  name: string;
  email: string;
  password: string;
}

export async function registerOrganization(ctx: AppContext, form: Registration): Promise<void> {
  const passwordHash = await hashPassword(form.password);
  try {
    await inTransaction(ctx.db, async (trx) => {
      const created = await insertUser(trx, { email: form.email, name: form.name, passwordHash });
      const org = await insertOrganization(trx, { name: form.orgName, industry: form.industry, sizeBand: form.sizeBand });
      await addMember(trx, org.id, created.id, 'org_admin');
      await recordAudit(trx, { actorId: created.id, orgId: org.id, action: 'org.registered', detail: { name: org.name } });
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const owner = await findUserByEmail(ctx.db, form.email);
    if (owner) await notify(ctx.db, owner.id, 'registrationWithYourEmail', { orgName: form.orgName });
  }
}
