// An assessment's history from the audit log, oldest first, with the actor's name.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export async function assessmentHistory(db: Kysely<Database>, assessmentId: string) {
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select(['audit_log.at', 'audit_log.action', 'audit_log.detail_json', 'users.name as actor'])
    .where('audit_log.assessment_id', '=', assessmentId)
    .orderBy('audit_log.at')
    .orderBy('audit_log.id')
    .execute();
  return rows.map((r) => ({ at: r.at, action: r.action, actor: r.actor ?? '—', detail: JSON.parse(r.detail_json) as Record<string, unknown> }));
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
