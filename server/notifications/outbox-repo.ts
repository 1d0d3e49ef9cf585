// Data access for the mail outbox: notification e-mails queued in the transaction that made the
// notification, then claimed, sent and retried by the sender (mailer.ts). A claim is a guarded UPDATE
// (the row must still be unsent and still carry the next_attempt_at the sender read), so two app
// processes never both send one row.
import type { Kysely } from 'kysely';
import { newId, nowIso } from '../db/ids.js';
import type { Database } from '../db/schema.js';

export interface NewMail {
  userId: string;
  to: string;
  subject: string;
  text: string;
}

export interface PendingMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  attempts: number;
  nextAttemptAt: string;
}

export async function queueMail(db: Kysely<Database>, mails: readonly NewMail[], now = nowIso()): Promise<void> {
  if (mails.length === 0) return;
  await db
    .insertInto('mail_outbox')
    .values(
      mails.map((m) => ({
        id: newId(),
        user_id: m.userId,
        to_address: m.to,
        subject: m.subject,
        body_text: m.text,
        created_at: now,
        sent_at: null,
        attempts: 0,
        last_error: null,
        next_attempt_at: now,
      })),
    )
    .execute();
}

/** Unsent mails whose time has come and that have attempts left, oldest first. */
export async function pendingMail(db: Kysely<Database>, now: string, maxAttempts: number, limit: number): Promise<PendingMail[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['id', 'to_address', 'subject', 'body_text', 'attempts', 'next_attempt_at'])
    .where('sent_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .where('attempts', '<', maxAttempts)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, text: r.body_text, attempts: r.attempts, nextAttemptAt: r.next_attempt_at }));
}

/**
 * Claims a pending mail for one attempt: counts the attempt and moves next_attempt_at to `leaseUntil`,
 * so nobody else picks it up meanwhile (and it becomes due again should this process die while sending).
 * False when another process claimed or sent it first.
 */
export async function claimMail(db: Kysely<Database>, mail: PendingMail, leaseUntil: string): Promise<boolean> {
  const result = await db
    .updateTable('mail_outbox')
    .set({ attempts: mail.attempts + 1, next_attempt_at: leaseUntil })
    .where('id', '=', mail.id)
    .where('sent_at', 'is', null)
    .where('attempts', '=', mail.attempts)
    .where('next_attempt_at', '=', mail.nextAttemptAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markSent(db: Kysely<Database>, id: string, now = nowIso()): Promise<void> {
  await db.updateTable('mail_outbox').set({ sent_at: now, last_error: null }).where('id', '=', id).execute();
}

export async function markFailed(db: Kysely<Database>, id: string, error: string, retryAt: string): Promise<void> {
  await db.updateTable('mail_outbox').set({ last_error: error.slice(0, 1000), next_attempt_at: retryAt }).where('id', '=', id).where('sent_at', 'is', null).execute();
}
