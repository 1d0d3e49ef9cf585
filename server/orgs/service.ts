// Registering an organization with its first org admin, and its profile. The outcome a visitor sees
// is the same whether or not the e-mail is taken (so the form cannot be used to find accounts); the
// owner of a taken e-mail is told in the app instead. A taken credit code is said plainly: it is
// public company information, and the visitor needs to know to ask that organization for an invitation.
import { recordAudit } from '../audit/audit.js';
import { hashPassword } from '../auth/passwords.js';
import { findUserByEmail, insertUser } from '../auth/users-repo.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import type { Organization, User } from '../db/schema.js';
import { roleMay } from '../domain/policy.js';
import { Forbidden, Invalid } from '../errors.js';
import { notify } from '../notifications/repo.js';
import { inTransaction } from '../record/write-path.js';
import type { ProfileInput } from './forms.js';
import { addMember, findOrganizationByCreditCode, insertOrganization, updateOrganizationProfile, type OrganizationProfile } from './repo.js';
import { openOrganization } from './roles.js';

export interface Registration extends ProfileInput {
  name: string;
  email: string;
  password: string;
}

const codeTaken = () => new Invalid('errors.invalidInput', { creditCode: 'errors.creditCodeTaken' });

/** Invalid when another organization holds the code (`except`: the organization being edited). */
async function refuseTakenCode(ctx: AppContext, creditCode: string, except?: string): Promise<void> {
  const holder = await findOrganizationByCreditCode(ctx.db, creditCode);
  if (holder && holder.id !== except) throw codeTaken();
}

export async function registerOrganization(ctx: AppContext, form: Registration): Promise<void> {
  await refuseTakenCode(ctx, form.creditCode);
  const passwordHash = await hashPassword(form.password);
  try {
    await inTransaction(ctx.db, async (trx) => {
      const created = await insertUser(trx, { email: form.email, name: form.name, passwordHash });
      const org = await insertOrganization(trx, {
        name: form.orgName,
        nameEn: form.nameEn,
        creditCode: form.creditCode,
        province: form.province,
        industry: form.industry,
        sizeBand: form.sizeBand,
      });
      await addMember(trx, org.id, created.id, 'org_admin');
      await recordAudit(trx, { actorId: created.id, orgId: org.id, action: 'org.registered', detail: { name: org.name, creditCode: org.credit_code } });
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Registered by someone else in the meantime: the code's index refused it.
    await refuseTakenCode(ctx, form.creditCode);
    const owner = await findUserByEmail(ctx.db, form.email);
    if (owner) await notify(ctx.db, owner.id, 'registrationWithYourEmail', { orgName: form.orgName });
  }
}

export interface ProfilePage {
  org: Organization;
  /** May this user change the profile (org.profile), or only read it? */
  mayEdit: boolean;
}

/** The profile of an organization, for anyone who may read its assessments; NotFound for an unknown one. */
export async function profilePage(ctx: AppContext, user: User, orgId: string): Promise<ProfilePage> {
  const { org, role } = await openOrganization(ctx, user, orgId, 'assessment.read');
  return { org, mayEdit: roleMay(role, 'org.profile') };
}

/** The profile page for changing it: Forbidden for anyone the policy does not let (org.profile). */
export async function profileForEditing(ctx: AppContext, user: User, orgId: string): Promise<ProfilePage> {
  const page = await profilePage(ctx, user, orgId);
  if (!page.mayEdit) throw new Forbidden();
  return page;
}

/** Changes what differs and audits it, old and new values side by side; nothing is written when nothing changed. */
export async function updateProfile(ctx: AppContext, user: User, { org, mayEdit }: ProfilePage, input: ProfileInput): Promise<void> {
  if (!mayEdit) throw new Forbidden();
  const profile: OrganizationProfile = {
    name: input.orgName,
    name_en: input.nameEn,
    credit_code: input.creditCode,
    province: input.province,
    industry: input.industry,
    size_band: input.sizeBand,
  };
  const changed = (Object.keys(profile) as (keyof OrganizationProfile)[]).filter((k) => profile[k] !== org[k]);
  if (!changed.length) return;
  if (changed.includes('credit_code')) await refuseTakenCode(ctx, input.creditCode, org.id);
  try {
    await inTransaction(ctx.db, async (trx) => {
      await updateOrganizationProfile(trx, org.id, profile);
      await recordAudit(trx, {
        actorId: user.id,
        orgId: org.id,
        action: 'org.profile-changed',
        detail: Object.fromEntries(changed.map((k) => [k, { from: org[k], to: profile[k] }])),
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken();
    throw err;
  }
}
