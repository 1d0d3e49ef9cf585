// First start: the first platform admin, created only with the one-time setup code, and only once.
import { recordAudit } from '../audit/audit.js';
import { hashPassword } from '../auth/passwords.js';
import { insertUser, platformAdminExists } from '../auth/users-repo.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import type { User } from '../db/schema.js';
import { Forbidden, Invalid } from '../errors.js';
import { inTransaction } from '../record/write-path.js';
import { currentSetupCode, forgetSetupCode, prepareSetupCode, setupCodeMatches } from './code.js';

export async function setupIsOpen(ctx: AppContext): Promise<boolean> {
  return !(await platformAdminExists(ctx.db));
}

/** The setup page: normally start-up prepared the code already; this only covers a database emptied since. */
export async function prepareSetup(ctx: AppContext): Promise<void> {
  await prepareSetupCode(ctx.db, ctx.config.setupCode);
}

export async function createFirstAdmin(ctx: AppContext, input: { setupCode: string; name: string; email: string; password: string }): Promise<User> {
  const code = await currentSetupCode(ctx.db, ctx.config.setupCode);
  if (!code || !setupCodeMatches(input.setupCode, code)) throw new Invalid('errors.invalidInput', { setupCode: 'errors.setupCodeWrong' });
  const passwordHash = await hashPassword(input.password);
  try {
    return await inTransaction(ctx.db, async (trx) => {
      // Checked again inside the transaction: two setup forms sent at once make one admin.
      if (await platformAdminExists(trx)) throw new Forbidden('errors.setupDone');
      const created = await insertUser(trx, { email: input.email, name: input.name, passwordHash, isPlatformAdmin: true });
      await forgetSetupCode(trx);
      await recordAudit(trx, { actorId: created.id, action: 'setup.admin-created' });
      return created;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new Invalid('errors.invalidInput', { email: 'errors.emailTaken' });
    throw err;
  }
}
