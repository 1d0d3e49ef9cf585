// The one write path of an assessment. Everything that changes an assessment — saving answers,
// submitting, review steps, notes and adjustments, sign-off, reopening — goes through
// `changeAssessment`: in one transaction it first locks the assessment row with an UPDATE whose WHERE
// carries the status guard, and only then reads and writes anything else. So every transaction takes
// its locks in the same order (the assessment row first) and a status checked is a status held until
// commit. PostgreSQL deadlocks and serialization failures are retried a bounded number of times.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely, Transaction } from 'kysely';
import type { AssessmentStatus } from '../domain/workflow.js';
import { isTransientConflict } from '../db/errors.js';
import { nowIso } from '../db/ids.js';
import type { Assessment, Database } from '../db/schema.js';
import { Conflict, NotFound } from '../errors.js';

const ATTEMPTS = 5;

/** Runs `work` in a transaction, again (up to 5 times in all) when PostgreSQL reports a transient conflict. */
export async function inTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (err) {
      if (!isTransientConflict(err) || attempt >= ATTEMPTS) throw err;
      await sleep(5 * attempt + Math.random() * 20 * attempt);
    }
  }
}

export interface LockedAssessment {
  trx: Transaction<Database>;
  /** The row as locked, before `work` changed anything. */
  assessment: Assessment;
  now: string;
}

/**
 * Locks the assessment (only while its status is one of `allowed`), then runs `work` in the same
 * transaction. Throws Conflict when the status does not allow it, NotFound when there is no such row.
 */
export async function changeAssessment<T>(
  db: Kysely<Database>,
  assessmentId: string,
  allowed: readonly AssessmentStatus[],
  work: (locked: LockedAssessment) => Promise<T>,
  conflictKey = 'errors.notAllowedNow',
): Promise<T> {
  return inTransaction(db, async (trx) => {
    const now = nowIso();
    const assessment = await trx
      .updateTable('assessments')
      .set({ updated_at: now })
      .where('id', '=', assessmentId)
      .where('status', 'in', [...allowed])
      .returningAll()
      .executeTakeFirst();
    if (!assessment) {
      const exists = await trx.selectFrom('assessments').select('id').where('id', '=', assessmentId).executeTakeFirst();
      throw exists ? new Conflict(conflictKey) : new NotFound();
    }
    return work({ trx, assessment, now });
  });
}

/**
 * Locks the organization row, then runs `work` in the same transaction: membership changes (roles,
 * removal, deactivation, accepting an invitation) are serialized per organization, so "the last org
 * admin stays" holds under concurrent requests. Lock order: an organization before any of its assessments.
 */
export async function changeOrganization<T>(db: Kysely<Database>, orgId: string, work: (trx: Transaction<Database>, now: string) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    const locked = await trx
      .updateTable('organizations')
      .set((eb) => ({ id: eb.ref('id') }))
      .where('id', '=', orgId)
      .returning('id')
      .executeTakeFirst();
    if (!locked) throw new NotFound();
    return work(trx, nowIso());
  });
}
