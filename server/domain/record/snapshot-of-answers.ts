// A snapshot made from an answers file rather than a database: for the report command, the report
// benchmark and tests. The answers are taken as the effective answers; the result and findings come
// from the same domain functions the record uses.
import type { Answers } from '../questionnaire/answers.js';
import type { Questionnaire } from '../questionnaire/schema.js';
import { scoreAssessment } from '../scoring/score.js';
import { findingsOf } from './findings.js';
import type { AssessmentSnapshot, SnapshotComment } from './snapshot.js';

export interface AnswersSnapshotInput {
  questionnaire: Questionnaire;
  answers: Answers;
  weightProfile?: string;
  organization: { name: string; industry?: string; sizeBand?: string };
  title: string;
  comments?: Omit<SnapshotComment, 'kind'>[];
  signature?: AssessmentSnapshot['signature'];
  takenAt: string;
}

export function snapshotOfAnswers(input: AnswersSnapshotInput): AssessmentSnapshot {
  const q = input.questionnaire;
  const result = scoreAssessment(q, input.answers, { weightProfile: input.weightProfile });
  return {
    assessment: {
      id: `${q.id}@${q.version}`,
      title: input.title,
      status: input.signature ? 'finalized' : 'draft',
      questionnaireId: q.id,
      questionnaireVersion: q.version,
      weightProfile: input.weightProfile ?? null,
      submittedAt: null,
    },
    organization: { id: '', name: input.organization.name, industry: input.organization.industry ?? '', sizeBand: input.organization.sizeBand ?? '' },
    answers: Object.fromEntries([...input.answers].map(([id, answer]) => [id, { answer, revision: 1, by: '', at: input.takenAt }])),
    effectiveAnswers: Object.fromEntries(input.answers),
    adjustments: [],
    comments: (input.comments ?? []).map((c) => ({ ...c, kind: 'note' as const })),
    evidence: {},
    result,
    findings: findingsOf(q, input.answers, result),
    benchmark: null,
    signature: input.signature ?? null,
    takenAt: input.takenAt,
  };
}
