// The first page a visitor sees: what Zhiping does, and — when the demo data is loaded — the demo
// accounts and a sample report, the signed PDF of a demo organization.
import type { AppContext } from '../context.js';
import type { Locale } from '../domain/questionnaire/schema.js';
import { findSignedReportById } from '../record/signed-repo.js';
import { signedReportFile } from '../reports/service.js';
import { demoAccounts, demoSignedReportId } from './repo.js';

/** One demo account of each kind of user, as `npm run seed:demo` makes them, with the role that names it. */
const DEMO_ROLES = [
  ['admin@demo.local', 'platformAdmin'],
  ['consultant@demo.local', 'consultant'],
  ['org1@demo.local', 'orgAdmin'],
  ['org1-it@demo.local', 'respondent'],
  ['org1-ceo@demo.local', 'viewer'],
] as const;

export async function homePage(ctx: AppContext) {
  const found = new Set(await demoAccounts(ctx.db, DEMO_ROLES.map(([email]) => email)));
  const accounts = DEMO_ROLES.filter(([email]) => found.has(email)).map(([email, role]) => ({ email, role }));
  return { demoAccounts: accounts, sampleReport: accounts.length > 0 && (await demoSignedReportId(ctx.db)) !== undefined };
}

/** The sample report: a demo organization's signed report, or undefined without the demo data. */
export async function sampleReport(ctx: AppContext, locale: Locale): Promise<Buffer | undefined> {
  const id = await demoSignedReportId(ctx.db);
  const signed = id ? await findSignedReportById(ctx.db, id) : undefined;
  if (!signed) return undefined;
  const questionnaire = ctx.catalog.get(signed.snapshot.assessment.questionnaireId, signed.snapshot.assessment.questionnaireVersion);
  return (await signedReportFile(ctx, questionnaire, signed, locale)).pdf;
}
