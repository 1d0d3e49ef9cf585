// Notification e-mails through a real SMTP server (smtp-server on 127.0.0.1, a random port): a real
// submission queues one mail for the consultant in its transaction, sendPendingMail delivers it once
// (also when two senders race for it), a failure is kept and retried later, and the body is Chinese
// then English with the full link.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { CLIENT, CLIENT_EN, clientTeam, CONSULTANT_EMAIL, submitted, type Team } from '../helpers/notifications.js';
import { MAX_ATTEMPTS, sendPendingMail, startMailSender, type MailTransport } from '../../server/notifications/mailer.js';
import { announce } from '../../server/notifications/service.js';
import { inTransaction } from '../../server/record/write-path.js';

interface Received {
  from: string;
  to: string[];
  user: unknown;
  raw: string;
}

const SITE = 'https://zhiping.example.test';
let smtp: SMTPServer;
let received: Received[] = [];
let t: TestApp;
let team: Team;
let id: string;
let title: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'zhiping' && auth.password === 's3cret') return callback(null, { user: auth.username });
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  t = await createTestApp({ SMTP_URL: `smtp://zhiping:s3cret@127.0.0.1:${port}`, SITE_URL: `${SITE}/`, MAIL_FROM: '智评 Zhiping <no-reply@zhiping.example.test>' });
  team = await clientTeam(t);
  id = await submitted(team.orgAdmin);
  title = (await t.ctx.db.selectFrom('assessments').select('title').where('id', '=', id).executeTakeFirstOrThrow()).title;
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** The text part of a received message, decoded (nodemailer picks quoted-printable or base64 for UTF-8 text). */
function textOf(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\r\n\r\n');
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1].toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** A header's value with RFC 2047 encoded words decoded. */
function headerOf(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const value = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? '';
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

const outbox = () => t.ctx.db.selectFrom('mail_outbox').selectAll().orderBy('created_at').execute();

describe('a submission with SMTP configured', () => {
  it('queues one mail, to the assigned consultant only, in the submission’s transaction', async () => {
    const rows = await outbox();
    expect(rows.map((r) => [r.to_address, r.user_id, r.sent_at, r.attempts])).toEqual([[CONSULTANT_EMAIL, team.ids.consultant, null, 0]]);
    expect(received).toEqual([]);
  });

  it('delivers it through SMTP to the consultant’s address, Chinese then English, with the full link', async () => {
    expect(await sendPendingMail(t.ctx)).toEqual({ sent: 1, failed: 0 });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail.to).toEqual([CONSULTANT_EMAIL]);
    expect(mail.from).toBe('no-reply@zhiping.example.test');
    expect(mail.user).toBe('zhiping');
    const notification = await t.ctx.db.selectFrom('notifications').select('id').where('user_id', '=', team.ids.consultant).executeTakeFirstOrThrow();
    const text = textOf(mail.raw);
    const link = `${SITE}/notifications/${notification.id}/open`;
    expect(text).toContain('王顾问，您好：');
    expect(text).toContain(`${CLIENT}提交了评估“${title}”，等待您审阅。`);
    expect(text).toContain(`查看详情：${link}`);
    expect(text).toContain(`${CLIENT_EN} submitted "${title}" for your review.`);
    expect(text).toContain(`Open it: ${link}`);
    expect(text.indexOf('您好')).toBeLessThan(text.indexOf('Hello'));
    expect(headerOf(mail.raw, 'subject')).toBe(`【智评 Zhiping】${title}：已提交，待您审阅 / submitted for your review`);
    const [row] = await outbox();
    expect(row.sent_at).not.toBeNull();
    expect(row.attempts).toBe(1);
  });

  it('sends a mail once: a second round, and two senders racing, find nothing more to send', async () => {
    expect(await sendPendingMail(t.ctx)).toEqual({ sent: 0, failed: 0 });
    await submitted(team.orgAdmin);
    const rounds = await Promise.all([sendPendingMail(t.ctx), sendPendingMail(t.ctx), sendPendingMail(t.ctx)]);
    expect(rounds.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(received).toHaveLength(2);
    expect((await outbox()).every((r) => r.sent_at !== null && r.attempts === 1)).toBe(true);
  });

  it('keeps a mail that failed, with the error, and tries again only when its pause is over', async () => {
    const smtpTransport = t.ctx.mail!;
    const failing: MailTransport = { send: async () => Promise.reject(new Error('421 try again later')), close: () => undefined };
    t.ctx.mail = failing;
    try {
      await submitted(team.orgAdmin);
      expect(await sendPendingMail(t.ctx)).toEqual({ sent: 0, failed: 1 });
      const pending = (await outbox()).find((r) => r.sent_at === null)!;
      expect(pending.attempts).toBe(1);
      expect(pending.last_error).toBe('421 try again later');
      expect(pending.next_attempt_at > new Date().toISOString()).toBe(true);
      // Not due yet: nothing is attempted.
      t.ctx.mail = smtpTransport;
      expect(await sendPendingMail(t.ctx)).toEqual({ sent: 0, failed: 0 });
      // Its pause over, it goes out.
      await t.ctx.db.updateTable('mail_outbox').set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', pending.id).execute();
      expect(await sendPendingMail(t.ctx)).toEqual({ sent: 1, failed: 0 });
      const after = (await outbox()).find((r) => r.id === pending.id)!;
      expect([after.attempts, after.last_error, after.sent_at !== null]).toEqual([2, null, true]);
      expect(received).toHaveLength(3);
    } finally {
      t.ctx.mail = smtpTransport;
    }
  });

  it('gives up after the last attempt, keeping the row and its error', async () => {
    const smtpTransport = t.ctx.mail!;
    t.ctx.mail = { send: async () => Promise.reject(new Error('550 mailbox unavailable')), close: () => undefined };
    try {
      await submitted(team.orgAdmin);
      const row = (await outbox()).find((r) => r.sent_at === null)!;
      await t.ctx.db.updateTable('mail_outbox').set({ attempts: MAX_ATTEMPTS - 1 }).where('id', '=', row.id).execute();
      expect(await sendPendingMail(t.ctx)).toEqual({ sent: 0, failed: 1 });
      await t.ctx.db.updateTable('mail_outbox').set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', row.id).execute();
      expect(await sendPendingMail(t.ctx)).toEqual({ sent: 0, failed: 0 });
      const kept = (await outbox()).find((r) => r.id === row.id)!;
      expect([kept.attempts, kept.last_error, kept.sent_at]).toEqual([MAX_ATTEMPTS, '550 mailbox unavailable', null]);
    } finally {
      t.ctx.mail = smtpTransport;
      await t.ctx.db.deleteFrom('mail_outbox').where('sent_at', 'is', null).execute();
    }
  });
});

describe('the outbox and the write', () => {
  it('queues nothing when the write rolls back after announcing', async () => {
    const before = (await outbox()).length;
    await expect(
      inTransaction(t.ctx.db, async (trx) => {
        await announce(t.ctx, trx, { kind: 'signedOff', assessmentId: id, actorId: team.ids.consultant });
        // The org admin, the respondent and the viewer (the consultant signed off).
        expect((await trx.selectFrom('mail_outbox').select('id').execute()).length).toBe(before + 3);
        throw new Error('the write failed after announcing');
      }),
    ).rejects.toThrow('the write failed');
    expect(await outbox()).toHaveLength(before);
  });
});

describe('the mail link', () => {
  it('opens the notification for its owner after sign-in and leads to the assessment', async () => {
    const notification = await t.ctx.db.selectFrom('notifications').select('id').where('user_id', '=', team.ids.consultant).orderBy('created_at').executeTakeFirstOrThrow();
    const path = `/notifications/${notification.id}/open`;
    expect(textOf(received[0].raw)).toContain(`${SITE}${path}`);
    const res = await team.consultant.get(path);
    expect([res.status, res.headers.location]).toEqual([303, `/assessments/${id}`]);
  });
});

describe('the sender of a running app', () => {
  it('sends what is due as it starts; stopping waits for that round, then closes the transport', async () => {
    const smtpTransport = t.ctx.mail!;
    let closed = 0;
    t.ctx.mail = { send: (mail) => smtpTransport.send(mail), close: () => void closed++ };
    try {
      await submitted(team.orgAdmin);
      const before = received.length;
      // A long period: only the round run at start takes part.
      const sender = startMailSender(t.ctx, 3_600_000);
      await sender.stop();
      expect(received.length).toBe(before + 1);
      expect(closed).toBe(1);
      expect((await outbox()).every((r) => r.sent_at !== null)).toBe(true);
    } finally {
      t.ctx.mail = smtpTransport;
    }
  });
});
