// The first page a visitor sees: what Zhiping does, and — when the demo data is loaded — the demo
// accounts and a sample report, the signed PDF of a demo organization.
import type { AppContext } from '../context.js';
import type { Locale } from '../domain/questionnaire/schema.js';
import { findSignedReportById } from '../record/signed-repo.js';
import { signedReportFile } from '../reports/service.js';
import { demoAccounts, demoSignedReportId } from './repo.js';

export async function homePage(ctx: AppContext) {
  const accounts = await demoAccounts(ctx.db);
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
