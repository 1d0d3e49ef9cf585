// The assessment snapshot: everything one assessment's record says at one moment, as plain JSON-able
// data. The page, the PDF and the exports read it; a sign-off freezes one, and its verification code
// is a hash of its canonical JSON (RFC 8785), so the same record always gives the same code.
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import type { Answer } from '../questionnaire/answers.js';
import type { ScoreResult } from '../scoring/score.js';
import type { AssessmentBenchmark } from '../scoring/benchmark.js';
import type { AssessmentStatus } from '../workflow.js';
import type { AdjustmentState } from './adjustments.js';
import type { Findings } from './findings.js';

export interface SnapshotAnswer {
  answer: Answer;
  revision: number;
  by: string;
  at: string;
}

export interface SnapshotAdjustment {
  id: string;
  questionId: string;
  /** The organization's answer the consultant reviewed (null: unanswered). */
  from: Answer | null;
  to: number;
  author: string;
  at: string;
  reason: string;
  state: AdjustmentState;
}

export interface SnapshotComment {
  questionId: string | null;
  author: string;
  at: string;
  text: string;
  kind: 'note' | 'change-request' | 'reopen';
}

export interface AssessmentSnapshot {
  assessment: {
    id: string;
    title: string;
    status: AssessmentStatus;
    questionnaireId: string;
    questionnaireVersion: string;
    weightProfile: string | null;
    submittedAt: string | null;
  };
  /** nameEn, creditCode and province only where the organization has them (and never in snapshots signed before they existed). */
  organization: { id: string; name: string; industry: string; sizeBand: string; nameEn?: string; creditCode?: string; province?: string };
  /** The organization's own answers. */
  answers: Record<string, SnapshotAnswer>;
  /** The answers every result comes from: the organization's with the adjustments that count. */
  effectiveAnswers: Record<string, Answer>;
  adjustments: SnapshotAdjustment[];
  comments: SnapshotComment[];
  /** Evidence per question: file name and SHA-256. */
  evidence: Record<string, { name: string; sha256: string }[]>;
  result: ScoreResult;
  findings: Findings;
  benchmark: AssessmentBenchmark | null;
  /** Present on a signed snapshot. */
  signature: {
    revision: number;
    signedBy: string;
    /** The signer's firm (a consultant's profile field); absent when none was given. */
    signerOrganization?: string;
    signedAt: string;
    conclusion: string | null;
  } | null;
  takenAt: string;
}

// The package is CommonJS whose module.exports is the function; its typings describe an ES default.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string;

export function canonicalJson(snapshot: AssessmentSnapshot): string {
  return canonicalize(snapshot);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

const CODE_LENGTH = 20;

/** The verification code printed on a signed report: the first 20 hex characters of the snapshot's hash. */
export function verificationCode(snapshotSha256: string): string {
  return snapshotSha256.slice(0, CODE_LENGTH).toUpperCase();
}

/** Codes are printed in groups of four for reading aloud; any spacing, dashes or case is accepted back. */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/** Adjustments a report lists: only those that count. */
export function countingAdjustments(snapshot: AssessmentSnapshot): SnapshotAdjustment[] {
  return snapshot.adjustments.filter((a) => a.state === 'counts');
}

export function answersOf(snapshot: AssessmentSnapshot): Map<string, Answer> {
  return new Map(Object.entries(snapshot.answers).map(([id, a]) => [id, a.answer]));
}

export function effectiveAnswersOf(snapshot: AssessmentSnapshot): Map<string, Answer> {
  return new Map(Object.entries(snapshot.effectiveAnswers));
}
