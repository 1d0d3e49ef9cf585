// Takes the snapshot of an assessment's record as it stands: the organization's answers, the effective
// answers, notes and adjustments with their states, the evidence files (name and SHA-256), the stored
// result, the findings and (for a finalized assessment) the peer benchmark. The live pages and draft
// PDFs read it; sign-off freezes it.
import type { Kysely } from 'kysely';
import { assessmentHistory } from '../audit/history.js';
import type { Questionnaire } from '../domain/questionnaire/schema.js';
import { findingsOf } from '../domain/record/findings.js';
import type { AssessmentSnapshot, SnapshotComment } from '../domain/record/snapshot.js';
import { benchmarkAgainst } from '../domain/scoring/benchmark.js';
import { nowIso } from '../db/ids.js';
import type { Assessment, Database, Organization } from '../db/schema.js';
import { peerScores } from './benchmark-repo.js';
import { currentEvidence } from './evidence-repo.js';
import { loadReviewedRecord, loadScore, storeScore } from './scores-repo.js';

async function userNames(db: Kysely<Database>, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface SnapshotOptions {
  /** Include the peer benchmark (finalized assessments, and the one being signed). */
  withBenchmark: boolean;
  signature?: AssessmentSnapshot['signature'];
  takenAt: string;
}

export async function takeSnapshot(
  db: Kysely<Database>,
  questionnaire: Questionnaire,
  assessment: Assessment,
  org: Organization,
  options: SnapshotOptions,
): Promise<AssessmentSnapshot> {
  const { records, notes, reviewed } = await loadReviewedRecord(db, assessment.id);
  // The stored result; a missing one (never expected) is computed and stored from the same answers.
  const result = (await loadScore(db, assessment.id)) ?? (await storeScore(db, questionnaire, assessment, reviewed.effective));
  const names = await userNames(db, [...records.answers.values()].map((a) => a.by));
  const history = await assessmentHistory(db, assessment.id);

  const comments: SnapshotComment[] = [
    ...history
      .filter((h) => (h.action === 'assessment.request-changes' || h.action === 'assessment.reopen') && typeof h.detail.note === 'string')
      .map((h) => ({
        questionId: null,
        author: h.actor,
        at: h.at,
        text: String(h.detail.note),
        kind: h.action === 'assessment.reopen' ? ('reopen' as const) : ('change-request' as const),
      })),
    ...notes
      .filter((n) => n.adjusted_value === null)
      .map((n) => ({ questionId: n.question_id, author: n.author, at: n.at, text: n.text, kind: 'note' as const })),
  ].sort((a, b) => a.at.localeCompare(b.at));

  const adjustments = notes
    .filter((n) => n.adjusted_value !== null && n.question_id !== null)
    .map((n) => {
      const answered = records.answers.get(n.question_id!)?.answer;
      return {
        id: n.id,
        questionId: n.question_id!,
        from: answered ?? null,
        to: n.adjusted_value!,
        author: n.author,
        at: n.at,
        reason: n.text,
        state: reviewed.states.get(n.id)!,
      };
    });

  const peers = options.withBenchmark ? await peerScores(db, assessment, org) : null;
  return {
    assessment: {
      id: assessment.id,
      title: assessment.title,
      status: assessment.status,
      questionnaireId: assessment.questionnaire_id,
      questionnaireVersion: assessment.questionnaire_version,
      weightProfile: assessment.weight_profile,
      submittedAt: assessment.submitted_at,
    },
    organization: {
      id: org.id,
      name: org.name,
      industry: org.industry,
      sizeBand: org.size_band,
      // Absent rather than null when missing, so a record without them hashes as it did before.
      ...(org.name_en ? { nameEn: org.name_en } : {}),
      ...(org.credit_code ? { creditCode: org.credit_code } : {}),
      ...(org.province ? { province: org.province } : {}),
    },
    answers: Object.fromEntries(
      [...records.answers].map(([id, a]) => [id, { answer: a.answer, revision: a.revision, by: names.get(a.by) ?? '—', at: a.at }]),
    ),
    effectiveAnswers: Object.fromEntries(reviewed.effective),
    adjustments,
    comments,
    evidence: await currentEvidence(db, assessment.id),
    result,
    findings: findingsOf(questionnaire, reviewed.effective, result),
    benchmark: peers ? benchmarkAgainst(result, peers) : null,
    signature: options.signature ?? null,
    takenAt: options.takenAt,
  };
}

/** The record as it stands now: for the pages and draft reports (the peer benchmark only once finalized). */
export function liveSnapshot(db: Kysely<Database>, questionnaire: Questionnaire, assessment: Assessment, org: Organization): Promise<AssessmentSnapshot> {
  return takeSnapshot(db, questionnaire, assessment, org, { withBenchmark: assessment.status === 'finalized', takenAt: nowIso() });
}
