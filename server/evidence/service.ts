// What the evidence feature does: attaching a file to a question's answer (type decided from the
// content, size limits per file and per assessment), removing one (kept in the history and the audit
// log), and opening one for download. Attaching and removing are answering: the same section check,
// through the record's write path, audited in the same transaction.
import type { Readable } from 'node:stream';
import { recordAudit } from '../audit/audit.js';
import { authorizeQuestion, dimensionOf, openAssessment, type AssessmentAccess } from '../assessments/access.js';
import type { AppContext } from '../context.js';
import { cleanFileName, formatMib, MIB } from '../domain/evidence.js';
import { statusesFor } from '../domain/policy.js';
import { newId } from '../db/ids.js';
import type { User } from '../db/schema.js';
import { AppError, NotFound } from '../errors.js';
import { evidenceBytes, findEvidence, insertEvidence, markEvidenceRemoved } from '../record/evidence-repo.js';
import { changeAssessment } from '../record/write-path.js';
import { judgeContent } from './content.js';

export interface EvidenceUpload {
  /** The name as the client sent it; cleaned before it is stored. */
  name: string;
  bytes: Buffer;
}

export interface AttachedEvidence {
  id: string;
  questionId: string;
  /** The section (dimension) the question is in: where its evidence is shown. */
  dimensionId: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
}

/** An upload refused for what it is (type, size, room left); its detail fills the message. */
export const REFUSAL_PREFIX = 'evidence.errors.';
const refuse = (reason: string, detail: Record<string, unknown>) => new AppError('invalid', REFUSAL_PREFIX + reason, { file: REFUSAL_PREFIX + reason }, detail);

export function isUploadRefusal(err: unknown): err is AppError & { detail: Record<string, unknown> } {
  return err instanceof AppError && err.messageKey.startsWith(REFUSAL_PREFIX);
}

/** The refusal of a file over the per-file limit (also for the web layer, which stops reading such a file early). */
export function tooLarge(ctx: AppContext, name: string): AppError {
  return refuse('tooLarge', { name: cleanFileName(name), limit: formatMib(ctx.config.evidenceMaxFileMb) });
}

/** Opens the assessment and checks the user may attach evidence to the question now (before a body is read). */
export async function openForAttaching(ctx: AppContext, user: User, assessmentId: string, questionId: string): Promise<AssessmentAccess> {
  const access = await openAssessment(ctx, user, assessmentId);
  await authorizeQuestion(ctx, access, user, questionId);
  return access;
}

/** The extension a name claims, lower case, or undefined. */
function claimedExtension(name: string): string | undefined {
  return /\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1]?.toLowerCase();
}

/**
 * Attaches a file to a question's answer. Refused (Invalid, `evidence.errors.*`) when it is empty,
 * over the per-file limit, of a type not accepted, or when the assessment has no room left for it.
 */
export async function attachEvidence(ctx: AppContext, user: User, access: AssessmentAccess, questionId: string, upload: EvidenceUpload): Promise<AttachedEvidence> {
  await authorizeQuestion(ctx, access, user, questionId);
  const name = cleanFileName(upload.name);
  const { bytes } = upload;
  if (bytes.length === 0) throw refuse('empty', { name });
  if (bytes.length > ctx.config.evidenceMaxFileMb * MIB) throw tooLarge(ctx, name);
  const verdict = await judgeContent(bytes, name);
  if (!verdict.accepted) {
    if (!verdict.detected) throw refuse('unknownType', { name });
    const claimed = claimedExtension(name);
    const { ext, mime } = verdict.detected;
    throw refuse(claimed && claimed !== ext ? 'typeRenamed' : 'type', { name, claimed, ext, mime });
  }
  const { type } = verdict;
  return changeAssessment(
    ctx.db,
    access.assessment.id,
    statusesFor('assessment.answer')!,
    async ({ trx, assessment, now }) => {
      // Under the assessment's lock: two uploads at once cannot both take the last room.
      const used = await evidenceBytes(trx, assessment.id);
      if (used + bytes.length > ctx.config.evidenceMaxAssessmentMb * MIB) {
        throw refuse('assessmentFull', { name, limit: formatMib(ctx.config.evidenceMaxAssessmentMb), used: formatMib(used / MIB) });
      }
      const stored = await ctx.blobs.put(bytes, trx);
      const id = newId();
      await insertEvidence(trx, {
        id,
        assessment_id: assessment.id,
        question_id: questionId,
        name,
        size: stored.size,
        mime: type.mime,
        sha256: stored.sha256,
        blob_key: stored.key,
        uploaded_by: user.id,
        uploaded_at: now,
        removed_at: null,
        removed_by: null,
      });
      await recordAudit(trx, {
        actorId: user.id,
        orgId: access.org.id,
        assessmentId: assessment.id,
        action: 'assessment.evidence-attached',
        detail: { fileId: id, questionId, name, size: stored.size, mime: type.mime, sha256: stored.sha256 },
      });
      return { id, questionId, dimensionId: dimensionOf(access.questionnaire, questionId)!, name, size: stored.size, mime: type.mime, sha256: stored.sha256 };
    },
    'errors.notEditable',
  );
}

/** Removes a file from its answer: it stays in the question's history and the audit log (and its bytes are kept). */
export async function removeEvidence(ctx: AppContext, user: User, access: AssessmentAccess, fileId: string): Promise<{ questionId: string; dimensionId: string }> {
  const file = await findEvidence(ctx.db, access.assessment.id, fileId);
  if (!file || file.removed_at) throw new NotFound();
  await authorizeQuestion(ctx, access, user, file.question_id);
  await changeAssessment(
    ctx.db,
    access.assessment.id,
    statusesFor('assessment.answer')!,
    async ({ trx, assessment, now }) => {
      // Read again under the lock: a second click finds it removed.
      const current = await findEvidence(trx, assessment.id, fileId);
      if (!current || current.removed_at) throw new NotFound();
      await markEvidenceRemoved(trx, fileId, user.id, now);
      await recordAudit(trx, {
        actorId: user.id,
        orgId: access.org.id,
        assessmentId: assessment.id,
        action: 'assessment.evidence-removed',
        detail: { fileId, questionId: current.question_id, name: current.name, sha256: current.sha256 },
      });
    },
    'errors.notEditable',
  );
  return { questionId: file.question_id, dimensionId: dimensionOf(access.questionnaire, file.question_id)! };
}

export interface EvidenceDownload {
  name: string;
  mime: string;
  size: number;
  stream: Readable;
}

/** A file for anyone who may read the assessment; NotFound for another assessment's file and for a removed one. */
export async function evidenceDownload(ctx: AppContext, user: User, assessmentId: string, fileId: string): Promise<EvidenceDownload> {
  const access = await openAssessment(ctx, user, assessmentId);
  const file = await findEvidence(ctx.db, access.assessment.id, fileId);
  if (!file || file.removed_at) throw new NotFound();
  return { name: file.name, mime: file.mime, size: file.size, stream: ctx.blobs.open(file.blob_key) };
}
