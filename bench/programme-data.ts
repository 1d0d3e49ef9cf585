// A provincial programme's data, generated through the data layer (Kysely, the app's schema and its
// own encoders) in batches: a platform admin, organizations each with an org admin, consultants
// assigned to organizations, and scored assessments across the workflow, with their answers. The
// same seed gives the same data. Used by the export, page-speed and autosave benchmarks.
import { resolve } from 'node:path';
import type { Insertable } from 'kysely';
import { hashPassword } from '../server/auth/passwords.js';
import { loadQuestionnaireDir } from '../server/catalog/files.js';
import { projectRoot } from '../server/config.js';
import { openDatabase } from '../server/db/connect.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { newId } from '../server/db/ids.js';
import type { AnswersTable, AssessmentScoresTable, AssessmentsTable, AssessmentStatus, DimensionScoresTable } from '../server/db/schema.js';
import { creditCodeCheckDigit } from '../server/domain/credit-code.js';
import type { Answer } from '../server/domain/questionnaire/answers.js';
import { placedQuestions } from '../server/domain/questionnaire/model.js';
import type { Question, Questionnaire } from '../server/domain/questionnaire/schema.js';
import { scoreAssessment, type ScoreResult } from '../server/domain/scoring/score.js';
import { encodeAnswer } from '../server/record/answers-repo.js';
import { scoreRows } from '../server/record/scores-repo.js';

export const BENCH_PASSWORD = 'bench programme password 1';
export const ADMIN_EMAIL = 'admin@bench.local';
export const consultantEmail = (i: number) => `consultant${i + 1}@bench.local`;
export const orgAdminEmail = (i: number) => `org${i + 1}@bench.local`;

/** Every sixth a draft, a third signed: roughly a programme some weeks before its deadline. */
const STATUSES: AssessmentStatus[] = ['draft', 'submitted', 'in_review', 'changes_requested', 'finalized', 'finalized'];
/** Distinct answer sets per questionnaire version (scored once each, reused across assessments). */
const ANSWER_SETS = 40;

export interface ProgrammeShape {
  organizations: number;
  assessments: number;
  /** Consultants; each is assigned an equal share of the organizations. */
  consultants: number;
  /** Answers a draft holds (the others answer every question shown); 0: no answers at all, only scores. */
  draftAnswers: number;
  /** The enterprise questionnaire's versions to spread the assessments over (default: every one). */
  versions?: string[];
  /** The statuses to cycle through (default: a sixth drafts, a third signed, the rest in review). */
  statuses?: AssessmentStatus[];
}

export interface Programme {
  organizationIds: string[];
  assessments: { id: string; orgIndex: number; status: AssessmentStatus }[];
  answers: number;
}

/** A deterministic pseudo-random sequence, so every run seeds the same data. */
export function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** An answer that reads like a level-2 organization's, varied by `next` and the set's `bias`. */
export function answerFor(question: Question, next: () => number, bias: number): Answer | undefined {
  switch (question.type) {
    case 'conformance':
      return [1, 0.8, 0.5, 0][Math.floor((next() + bias) * 2) % 4];
    case 'ladder':
      return 1 + Math.floor(next() * 5);
    case 'yesno':
      return next() < 0.5;
    case 'single':
      return question.options[Math.floor(next() * question.options.length)].value;
    case 'multiple':
      return [question.options[0].value];
    case 'number':
      return Math.round(next() * 100);
    default:
      return '质检、排产与客服已经使用模型，评测记录还在补齐。';
  }
}

interface AnswerSet {
  rows: { question_id: string; value_json: string | null; na_reason: string | null }[];
  full: ScoreResult;
  draft: ScoreResult;
}

function answerSets(q: Questionnaire, next: () => number, draftAnswers: number): AnswerSet[] {
  return Array.from({ length: ANSWER_SETS }, () => {
    const answers = new Map<string, Answer>();
    const bias = next();
    for (const { question } of placedQuestions(q)) {
      const answer = answerFor(question, next, bias);
      if (answer !== undefined) answers.set(question.id, answer);
    }
    const rows = [...answers].map(([question_id, answer]) => ({ question_id, ...encodeAnswer(answer) }));
    const draft = new Map([...answers].slice(0, draftAnswers));
    return { rows, full: scoreAssessment(q, answers), draft: scoreAssessment(q, draft) };
  });
}

async function insertBatched<T>(rows: T[], size: number, insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Migrates the database at `env` and generates the programme into it. */
export async function generateProgramme(env: { dataDir: string; databaseUrl?: string }, shape: ProgrammeShape, seed = 20): Promise<Programme> {
  const handle = openDatabase({ dataDir: env.dataDir, databaseUrl: env.databaseUrl });
  const { db } = handle;
  try {
    await migrateToLatest(db);
    const now = new Date().toISOString();
    const hash = await hashPassword(BENCH_PASSWORD);
    const next = random(seed);
    const user = (email: string, name: string, roles: { admin?: boolean; consultant?: boolean } = {}) => ({
      id: newId(),
      email,
      name,
      password_hash: hash,
      is_platform_admin: roles.admin ? 1 : 0,
      is_consultant: roles.consultant ? 1 : 0,
      created_at: now,
      deactivated_at: null,
      password_changed_at: null,
      affiliation: roles.consultant ? '压测咨询' : null,
    });
    const admin = user(ADMIN_EMAIL, 'Bench Admin', { admin: true });
    const consultants = Array.from({ length: shape.consultants }, (_, i) => user(consultantEmail(i), `顾问 ${i + 1}`, { consultant: true }));
    const orgAdmins = Array.from({ length: shape.organizations }, (_, i) => user(orgAdminEmail(i), `管理员 ${i + 1}`));
    await insertBatched([admin, ...consultants, ...orgAdmins], 500, (b) => db.insertInto('users').values(b).execute());

    const orgs = orgAdmins.map((_, i) => {
      const body = `91350100M${String(i + 1).padStart(8, '0')}`;
      return {
        id: newId(),
        // Every fiftieth name would be a formula in a spreadsheet: the exports must neutralise it.
        name: i % 50 === 0 ? `=HYPERLINK("x","压测${i}")` : `压测制造有限公司 ${i + 1}`,
        industry: i % 2 ? 'manufacturing-discrete' : 'ict',
        size_band: ['micro', 'small', 'medium', 'large'][i % 4],
        created_at: now,
        credit_code: body + creditCodeCheckDigit(body),
        province: ['350000', '330000', '440000'][i % 3],
        name_en: null,
      };
    });
    await insertBatched(orgs, 250, (b) => db.insertInto('organizations').values(b).execute());
    await insertBatched(
      orgs.map((o, i) => ({ org_id: o.id, user_id: orgAdmins[i].id, role: 'org_admin', created_at: now, deactivated_at: null })),
      500,
      (b) => db.insertInto('memberships').values(b).execute(),
    );
    if (consultants.length)
      await insertBatched(
        orgs.map((o, i) => ({ org_id: o.id, consultant_id: consultants[i % consultants.length].id, created_at: now })),
        500,
        (b) => db.insertInto('consultant_assignments').values(b).execute(),
      );

    const questionnaires = loadQuestionnaireDir(resolve(projectRoot, 'questionnaires')).filter(
      (q) => q.id === 'enterprise-ai-maturity' && (!shape.versions || shape.versions.includes(q.version)),
    );
    const sets = questionnaires.map((q) => ({ q, sets: answerSets(q, next, shape.draftAnswers) }));
    const programme: Programme = { organizationIds: orgs.map((o) => o.id), assessments: [], answers: 0 };
    const BATCH = 500;
    for (let start = 0; start < shape.assessments; start += BATCH) {
      const assessments: Insertable<AssessmentsTable>[] = [];
      const scores: Insertable<AssessmentScoresTable>[] = [];
      const dimensions: Insertable<DimensionScoresTable>[] = [];
      const answers: Insertable<AnswersTable>[] = [];
      for (let i = start; i < Math.min(start + BATCH, shape.assessments); i++) {
        const { q, sets: pool } = sets[i % sets.length];
        const set = pool[i % pool.length];
        const statuses = shape.statuses ?? STATUSES;
        const status = statuses[i % statuses.length];
        const orgIndex = i % orgs.length;
        const created = new Date(Date.parse('2026-01-01T00:00:00Z') + i * 60_000).toISOString();
        const id = newId();
        const by = orgAdmins[orgIndex].id;
        assessments.push({
          id,
          org_id: orgs[orgIndex].id,
          questionnaire_id: q.id,
          questionnaire_version: q.version,
          weight_profile: null,
          title: `${2026 - (i % 3)} 年度自评`,
          status,
          created_by: by,
          created_at: created,
          updated_at: created,
          submitted_at: status === 'draft' ? null : created,
          finalized_at: status === 'finalized' ? created : null,
          finalized_by: status === 'finalized' ? (consultants[orgIndex % Math.max(1, consultants.length)] ?? admin).id : null,
        });
        const draft = status === 'draft';
        const rows = scoreRows(id, draft ? set.draft : set.full, created);
        scores.push(rows.score);
        dimensions.push(...rows.dimensions);
        if (shape.draftAnswers > 0)
          for (const a of draft ? set.rows.slice(0, shape.draftAnswers) : set.rows)
            answers.push({ assessment_id: id, ...a, updated_at: created, updated_by: by, revision: 1, carried_from: null });
        programme.assessments.push({ id, orgIndex, status });
      }
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('assessments').values(assessments).execute();
        await trx.insertInto('assessment_scores').values(scores).execute();
        await trx.insertInto('dimension_scores').values(dimensions).execute();
        // 4,000 rows of 8 values stay under SQLite's 32,766 bound parameters (PostgreSQL's 65,535).
        await insertBatched(answers, 4000, (b) => trx.insertInto('answers').values(b).execute());
      });
      programme.answers += answers.length;
    }
    return programme;
  } finally {
    await handle.close();
  }
}
