// Sends the notification e-mails waiting in the outbox (only when SMTP_URL is set). announce() queues
// them inside the write's transaction and cannot know when it commits, so a timer in every app process
// (startMailSender, from main.ts) looks for due rows every few seconds; tests call sendPendingMail.
// Each row is claimed by a guarded UPDATE before it is sent, so two processes never send it twice;
// a failed attempt is retried later with a growing pause, up to MAX_ATTEMPTS.
import { createTransport } from 'nodemailer';
import type { AppContext } from '../context.js';
import { nowIso } from '../db/ids.js';
import { claimMail, markFailed, markSent, pendingMail } from './outbox-repo.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Where mails go: SMTP in the app, anything with the same shape in a test. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export const MAX_ATTEMPTS = 10;
const BATCH = 50;
const SEND_EVERY_MS = 5000;
/** A claimed row is due again after this, should its process die while sending (longer than any SMTP timeout below). */
const LEASE_MS = 5 * 60_000;
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 6 * 3_600_000;

/** The pause after failed attempt number `attempts`: 1, 2, 4 … minutes, at most 6 hours. */
const retryDelayMs = (attempts: number): number => Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);

/** nodemailer over SMTP_URL (smtp:// or smtps://, credentials in the URL), From MAIL_FROM. */
export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = createTransport({ url: smtpUrl, connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 }, { from });
  return {
    async send(mail) {
      await transporter.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transporter.close(),
  };
}

export interface SendReport {
  sent: number;
  failed: number;
}

/** Sends every due mail this process can claim; failures are kept for a later attempt. */
export async function sendPendingMail(ctx: AppContext): Promise<SendReport> {
  const report: SendReport = { sent: 0, failed: 0 };
  const transport = ctx.mail;
  if (!transport) return report;
  for (const mail of await pendingMail(ctx.db, nowIso(), MAX_ATTEMPTS, BATCH)) {
    if (!(await claimMail(ctx.db, mail, new Date(Date.now() + LEASE_MS).toISOString()))) continue;
    try {
      await transport.send({ to: mail.to, subject: mail.subject, text: mail.text });
      await markSent(ctx.db, mail.id);
      report.sent++;
    } catch (err) {
      const attempts = mail.attempts + 1;
      const message = err instanceof Error ? err.message : String(err);
      const retryAt = new Date(Date.now() + retryDelayMs(attempts)).toISOString();
      await markFailed(ctx.db, mail.id, message, retryAt);
      ctx.logger.warn({ mail: mail.id, attempts, error: message, retryAt: attempts < MAX_ATTEMPTS ? retryAt : null }, 'sending a notification e-mail failed');
      report.failed++;
    }
  }
  return report;
}

export interface MailSender {
  /** Stops the timer, waits for a round in progress and closes the transport. */
  stop(): Promise<void>;
}

/** Sends due mails every few seconds (the timer does not keep the process alive); nothing without a transport. */
export function startMailSender(ctx: AppContext, everyMs = SEND_EVERY_MS): MailSender {
  const transport = ctx.mail;
  if (!transport) return { stop: async () => undefined };
  let round: Promise<unknown> | undefined;
  const tick = () => {
    if (round) return;
    round = sendPendingMail(ctx)
      .catch((err) => ctx.logger.warn({ err }, 'the mail outbox could not be read'))
      .finally(() => {
        round = undefined;
      });
  };
  const timer = setInterval(tick, everyMs).unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await round;
      transport.close();
    },
  };
}
