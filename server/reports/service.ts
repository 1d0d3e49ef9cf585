// Reports of an assessment, laid out by the worker pool (ctx.reports). A draft (anything not signed) is rendered on demand from a live snapshot
// and carries a DRAFT mark. A signed report is rendered from its frozen snapshot once per language,
// digitally signed, stored, and from then on served as the same bytes.
import type { AppContext } from '../context.js';
import { NotFound } from '../errors.js';
import { LOCALES, type Locale, type Questionnaire } from '../domain/questionnaire/schema.js';
import { translator } from '../i18n.js';
import type { AssessmentAccess } from '../assessments/access.js';
import { recordAudit } from '../audit/audit.js';
import { findSignedFile, insertSignedReport, listSignedReports, storeSignedFileOnce, type SignedFile, type SignedReport } from '../record/signed-repo.js';
import { changeAssessment } from '../record/write-path.js';
import { liveSnapshot, takeSnapshot } from '../record/snapshot.js';

export interface ReportFile {
  pdf: Buffer;
  fileName: string;
}

export async function renderDraftReport(ctx: AppContext, access: AssessmentAccess, locale: Locale): Promise<ReportFile> {
  const snapshot = await liveSnapshot(ctx.db, access.questionnaire, access.assessment, access.org);
  const pdf = await ctx.reports.render({ questionnaire: access.questionnaire, snapshot, generatedAt: snapshot.takenAt, timeZone: ctx.config.timeZone }, locale);
  return { pdf, fileName: `zhiping-report-${access.assessment.id.slice(0, 8)}-draft-${locale}.pdf` };
}

async function renderSigned(ctx: AppContext, questionnaire: Questionnaire, signed: SignedReport, locale: Locale): Promise<Buffer> {
  const pdf = await ctx.reports.render(
    { questionnaire, snapshot: signed.snapshot, verificationCode: signed.code, generatedAt: signed.signedAt, timeZone: ctx.config.timeZone },
    locale,
  );
  const t = translator(locale);
  return ctx.signer.sign(pdf, {
    name: signed.snapshot.signature!.signedBy,
    reason: t('report.signatureReason', { code: signed.code, revision: signed.revision }),
  });
}

/** The stored signed PDF of a sign-off in one language, rendered, signed and stored on first need. */
export async function signedReportFile(ctx: AppContext, questionnaire: Questionnaire, signed: SignedReport, locale: Locale): Promise<SignedFile> {
  const stored = await findSignedFile(ctx.db, signed.id, locale);
  if (stored) return stored;
  return storeSignedFileOnce(ctx.db, signed.id, locale, await renderSigned(ctx, questionnaire, signed, locale));
}

/** Renders and stores a new sign-off's PDFs in every language, so the first download is already fixed. */
export async function prepareSignedFiles(ctx: AppContext, questionnaire: Questionnaire, signed: SignedReport): Promise<void> {
  for (const locale of LOCALES) await signedReportFile(ctx, questionnaire, signed, locale);
}

/**
 * Assessments signed off before snapshots existed have none: the first time one is needed, the record as
 * it stands (it has been locked since sign-off) is frozen as revision 1 under the original signer and date.
 */
async function freezeEarlierSignOff(ctx: AppContext, access: AssessmentAccess): Promise<void> {
  await changeAssessment(ctx.db, access.assessment.id, ['finalized'], async ({ trx, assessment }) => {
    if ((await listSignedReports(trx, assessment.id)).length) return;
    const signer = await trx.selectFrom('users').select(['id', 'name']).where('id', '=', assessment.finalized_by ?? '').executeTakeFirstOrThrow();
    const signedAt = assessment.finalized_at!;
    const snapshot = await takeSnapshot(trx, access.questionnaire, assessment, access.org, {
      withBenchmark: true,
      signature: { revision: 1, signedBy: signer.name, signedAt, conclusion: null },
      takenAt: signedAt,
    });
    const signed = await insertSignedReport(trx, { assessmentId: assessment.id, revision: 1, snapshot, signedBy: signer.id, signedAt });
    await recordAudit(trx, { actorId: null, orgId: assessment.org_id, assessmentId: assessment.id, action: 'assessment.snapshot-frozen', detail: { code: signed.code } });
  });
}

/** The assessment's sign-offs, oldest first; one signed before snapshots existed gets its snapshot frozen first. */
export async function signOffsOf(ctx: AppContext, access: AssessmentAccess): Promise<SignedReport[]> {
  const all = await listSignedReports(ctx.db, access.assessment.id);
  if (all.length || access.assessment.status !== 'finalized') return all;
  await freezeEarlierSignOff(ctx, access);
  return listSignedReports(ctx.db, access.assessment.id);
}

/** A signed report's PDF: the given revision, or the current one. */
export async function signedReport(ctx: AppContext, access: AssessmentAccess, locale: Locale, revision?: number): Promise<ReportFile> {
  const all = await signOffsOf(ctx, access);
  const signed = revision === undefined ? all.at(-1) : all.find((s) => s.revision === revision);
  if (!signed) throw new NotFound();
  const file = await signedReportFile(ctx, access.questionnaire, signed, locale);
  return { pdf: file.pdf, fileName: `zhiping-report-${access.assessment.id.slice(0, 8)}-r${signed.revision}-${locale}.pdf` };
}

/** What the report button gives: the current signed report of a finalized assessment, else a draft. */
export function currentReport(ctx: AppContext, access: AssessmentAccess, locale: Locale): Promise<ReportFile> {
  return access.assessment.status === 'finalized' ? signedReport(ctx, access, locale) : renderDraftReport(ctx, access, locale);
}
