// Data access for sign-offs: the frozen snapshot with its verification code, and the signed PDFs
// rendered from it (stored once per language; every later download returns the same bytes).
import type { Kysely } from 'kysely';
import { canonicalJson, sha256Hex, verificationCode, type AssessmentSnapshot } from '../domain/record/snapshot.js';
import { newId, nowIso } from '../db/ids.js';
import type { Database } from '../db/schema.js';
import { isUniqueViolation } from '../db/errors.js';

export interface SignedReport {
  id: string;
  assessmentId: string;
  revision: number;
  code: string;
  snapshotSha256: string;
  snapshot: AssessmentSnapshot;
  signedBy: string;
  signedAt: string;
  reopenedAt: string | null;
  reopenReason: string | null;
}

type Row = Database['signed_reports'];

function toSignedReport(r: Row): SignedReport {
  return {
    id: r.id,
    assessmentId: r.assessment_id,
    revision: Number(r.revision),
    code: r.code,
    snapshotSha256: r.snapshot_sha256,
    snapshot: JSON.parse(r.snapshot_json) as AssessmentSnapshot,
    signedBy: r.signed_by,
    signedAt: r.signed_at,
    reopenedAt: r.reopened_at,
    reopenReason: r.reopen_reason,
  };
}

/** Stores a frozen snapshot as sign-off `revision`; only inside the write path. */
export async function insertSignedReport(
  db: Kysely<Database>,
  input: { assessmentId: string; revision: number; snapshot: AssessmentSnapshot; signedBy: string; signedAt: string },
): Promise<SignedReport> {
  const json = canonicalJson(input.snapshot);
  const hash = sha256Hex(json);
  const row: Row = {
    id: newId(),
    assessment_id: input.assessmentId,
    revision: input.revision,
    code: verificationCode(hash),
    snapshot_json: json,
    snapshot_sha256: hash,
    signed_by: input.signedBy,
    signed_at: input.signedAt,
    reopened_at: null,
    reopened_by: null,
    reopen_reason: null,
  };
  await db.insertInto('signed_reports').values(row).execute();
  return toSignedReport(row);
}

/** Every sign-off of an assessment, oldest first. */
export async function listSignedReports(db: Kysely<Database>, assessmentId: string): Promise<SignedReport[]> {
  const rows = await db.selectFrom('signed_reports').selectAll().where('assessment_id', '=', assessmentId).orderBy('revision').execute();
  return rows.map(toSignedReport);
}

/** A sign-off in force: of a finalized assessment, not reopened since. */
export interface CurrentSignOff {
  signedReportId: string;
  assessmentId: string;
  orgId: string;
  questionnaireId: string;
  signedAt: string;
}

/** The organizations' sign-offs in force, newest first, without their snapshots. */
export async function currentSignOffs(db: Kysely<Database>, orgIds: string[]): Promise<CurrentSignOff[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectFrom('signed_reports')
    .innerJoin('assessments', 'assessments.id', 'signed_reports.assessment_id')
    .select(['signed_reports.id', 'signed_reports.assessment_id', 'signed_reports.signed_at', 'assessments.org_id', 'assessments.questionnaire_id'])
    .where('assessments.org_id', 'in', orgIds)
    .where('assessments.status', '=', 'finalized')
    .where('signed_reports.reopened_at', 'is', null)
    .orderBy('signed_reports.signed_at', 'desc')
    .orderBy('signed_reports.id')
    .execute();
  return rows.map((r) => ({ signedReportId: r.id, assessmentId: r.assessment_id, orgId: r.org_id, questionnaireId: r.questionnaire_id, signedAt: r.signed_at }));
}

/** The sign-offs in force of one organization with their frozen snapshots, oldest first (at most the newest `limit`). */
export async function currentSignedReportsOf(db: Kysely<Database>, orgId: string, limit = 200): Promise<SignedReport[]> {
  const rows = await db
    .selectFrom('signed_reports')
    .innerJoin('assessments', 'assessments.id', 'signed_reports.assessment_id')
    .selectAll('signed_reports')
    .where('assessments.org_id', '=', orgId)
    .where('assessments.status', '=', 'finalized')
    .where('signed_reports.reopened_at', 'is', null)
    .orderBy('signed_reports.signed_at', 'desc')
    .orderBy('signed_reports.id')
    .limit(limit)
    .execute();
  return rows.map(toSignedReport).reverse();
}

export async function findSignedReportById(db: Kysely<Database>, id: string): Promise<SignedReport | undefined> {
  const row = await db.selectFrom('signed_reports').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSignedReport(row) : undefined;
}

export async function findSignedReportByCode(db: Kysely<Database>, code: string): Promise<SignedReport | undefined> {
  const row = await db.selectFrom('signed_reports').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? toSignedReport(row) : undefined;
}

/** Records that the current sign-off was reopened; only inside the write path. */
export async function markReopened(db: Kysely<Database>, id: string, userId: string, reason: string, at: string): Promise<void> {
  await db.updateTable('signed_reports').set({ reopened_at: at, reopened_by: userId, reopen_reason: reason }).where('id', '=', id).execute();
}

export interface SignedFile {
  pdf: Buffer;
  sha256: string;
  size: number;
}

export async function findSignedFile(db: Kysely<Database>, signedReportId: string, locale: string): Promise<SignedFile | undefined> {
  const row = await db
    .selectFrom('signed_report_files')
    .select(['pdf', 'sha256', 'size'])
    .where('signed_report_id', '=', signedReportId)
    .where('locale', '=', locale)
    .executeTakeFirst();
  return row ? { pdf: Buffer.from(row.pdf), sha256: row.sha256, size: Number(row.size) } : undefined;
}

export async function listSignedFiles(db: Kysely<Database>, signedReportId: string): Promise<{ locale: string; sha256: string; size: number }[]> {
  const rows = await db
    .selectFrom('signed_report_files')
    .select(['locale', 'sha256', 'size'])
    .where('signed_report_id', '=', signedReportId)
    .orderBy('locale')
    .execute();
  return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

/**
 * Stores a rendered signed PDF unless one is stored already, and returns the stored one: when two
 * processes render the same report at once, both hand out the bytes of whichever stored first.
 */
export async function storeSignedFileOnce(db: Kysely<Database>, signedReportId: string, locale: string, pdf: Buffer): Promise<SignedFile> {
  try {
    await db
      .insertInto('signed_report_files')
      .values({ signed_report_id: signedReportId, locale, pdf, sha256: sha256Hex(pdf), size: pdf.length, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['signed_report_id', 'locale']).doNothing())
      .execute();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  return (await findSignedFile(db, signedReportId, locale))!;
}
