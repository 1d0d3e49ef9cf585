// Data access for the evidence files of an assessment's answers: their rows (the bytes are in the
// blob store under blob_key). A removed file keeps its row and bytes; it only stops counting.
import type { Kysely } from 'kysely';
import type { Database, EvidenceFilesTable } from '../db/schema.js';

export type EvidenceFile = EvidenceFilesTable;

export async function insertEvidence(db: Kysely<Database>, file: EvidenceFile): Promise<void> {
  await db.insertInto('evidence_files').values(file).execute();
}

export async function findEvidence(db: Kysely<Database>, assessmentId: string, fileId: string): Promise<EvidenceFile | undefined> {
  return db.selectFrom('evidence_files').selectAll().where('assessment_id', '=', assessmentId).where('id', '=', fileId).executeTakeFirst();
}

/** The bytes an assessment's evidence takes up (files not removed). */
export async function evidenceBytes(db: Kysely<Database>, assessmentId: string): Promise<number> {
  const row = await db
    .selectFrom('evidence_files')
    .select((eb) => eb.fn.sum<number | string | null>('size').as('total'))
    .where('assessment_id', '=', assessmentId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

export async function markEvidenceRemoved(db: Kysely<Database>, fileId: string, by: string, at: string): Promise<void> {
  await db.updateTable('evidence_files').set({ removed_at: at, removed_by: by }).where('id', '=', fileId).execute();
}

export interface EvidenceListing {
  id: string;
  questionId: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  removedBy: string | null;
  removedAt: string | null;
}

/** Every evidence file of an assessment (removed ones too), oldest first, with the names of who uploaded and removed it. */
export async function listEvidence(db: Kysely<Database>, assessmentId: string): Promise<EvidenceListing[]> {
  const rows = await db
    .selectFrom('evidence_files as e')
    .leftJoin('users as up', 'up.id', 'e.uploaded_by')
    .leftJoin('users as rm', 'rm.id', 'e.removed_by')
    .select(['e.id', 'e.question_id', 'e.name', 'e.size', 'e.mime', 'e.sha256', 'e.uploaded_at', 'e.removed_at', 'up.name as uploader', 'rm.name as remover'])
    .where('e.assessment_id', '=', assessmentId)
    .orderBy('e.uploaded_at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    questionId: r.question_id,
    name: r.name,
    size: Number(r.size),
    mime: r.mime,
    sha256: r.sha256,
    uploadedBy: r.uploader ?? '—',
    uploadedAt: r.uploaded_at,
    removedBy: r.removed_at ? (r.remover ?? '—') : null,
    removedAt: r.removed_at,
  }));
}

/** The evidence of each question as the snapshot keeps it: name and SHA-256 of the files not removed. */
export async function currentEvidence(db: Kysely<Database>, assessmentId: string): Promise<Record<string, { name: string; sha256: string }[]>> {
  const rows = await db
    .selectFrom('evidence_files')
    .select(['question_id', 'name', 'sha256'])
    .where('assessment_id', '=', assessmentId)
    .where('removed_at', 'is', null)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
  const out: Record<string, { name: string; sha256: string }[]> = {};
  for (const r of rows) (out[r.question_id] ??= []).push({ name: r.name, sha256: r.sha256 });
  return out;
}
