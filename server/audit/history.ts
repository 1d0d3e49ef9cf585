// An assessment's history from the audit log, with the actor's name: whole (oldest first) or a page at a time (newest first).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

function historyQuery(db: Kysely<Database>, assessmentId: string) {
  return db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select(['audit_log.at', 'audit_log.action', 'audit_log.detail_json', 'users.name as actor'])
    .where('audit_log.assessment_id', '=', assessmentId);
}

type HistoryRow = { at: string; action: string; detail_json: string; actor: string | null };

const toEntry = (r: HistoryRow) => ({ at: r.at, action: r.action, actor: r.actor ?? '—', detail: JSON.parse(r.detail_json) as Record<string, unknown> });

export type HistoryEntry = ReturnType<typeof toEntry>;

/** Everything that happened to the assessment, oldest first (what its snapshot's comments are taken from). */
export async function assessmentHistory(db: Kysely<Database>, assessmentId: string): Promise<HistoryEntry[]> {
  const rows = await historyQuery(db, assessmentId).orderBy('audit_log.at').orderBy('audit_log.id').execute();
  return rows.map(toEntry);
}

/** A page of the assessment's history, newest first (the overview shows the newest few, its history page the rest). */
export async function assessmentHistoryNewestFirst(db: Kysely<Database>, assessmentId: string, page: { limit: number; offset: number }): Promise<HistoryEntry[]> {
  const rows = await historyQuery(db, assessmentId)
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toEntry);
}

/** How many entries the assessment's history has. */
export async function countAssessmentHistory(db: Kysely<Database>, assessmentId: string): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('assessment_id', '=', assessmentId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** When the assessment was submitted, oldest first (each submission and resubmission). */
export async function submissionTimes(db: Kysely<Database>, assessmentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('at')
    .where('assessment_id', '=', assessmentId)
    .where('action', '=', 'assessment.submitted')
    .orderBy('at')
    .execute();
  return rows.map((r) => r.at);
}
