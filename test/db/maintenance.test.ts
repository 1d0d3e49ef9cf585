import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneExpired } from '../../server/db/maintenance.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await migrateToLatest(t.handle.db);
});
afterAll(() => t.dispose());

describe('housekeeping', () => {
  it('removes expired sessions, counters, used form tokens and e-mails sent long ago, and keeps current ones', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const future = new Date(Date.now() + 60_000).toISOString();
    const longAgo = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString();
    await t.handle.db.insertInto('sessions').values([{ sid: 'old', user_id: null, data: '{}', expires_at: past }, { sid: 'new', user_id: null, data: '{}', expires_at: future }]).execute();
    await t.handle.db.insertInto('rate_limits').values([{ key: 'login:a', hits: 3, reset_at: past }, { key: 'login:b', hits: 1, reset_at: future }]).execute();
    await t.handle.db.insertInto('login_failures').values([{ key: 'addr:a', failures: 3, blocked_until: past, expires_at: past }, { key: 'addr:b', failures: 1, blocked_until: past, expires_at: future }]).execute();
    await t.handle.db
      .insertInto('form_submissions')
      .values([
        { token: 'old', user_id: 'u', purpose: 'p', result: 'r', created_at: longAgo },
        { token: 'new', user_id: 'u', purpose: 'p', result: 'r', created_at: past },
      ])
      .execute();
    await t.handle.db.insertInto('users').values({ id: 'u', email: 'u@example.com', name: 'U', password_hash: 'x', is_platform_admin: 0, is_consultant: 0, created_at: past, deactivated_at: null, password_changed_at: null }).execute();
    const monthsAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000).toISOString();
    const mail = (id: string, createdAt: string, sentAt: string | null) => ({ id, user_id: 'u', to_address: 'u@example.com', subject: 's', body_text: 'b', created_at: createdAt, sent_at: sentAt, attempts: 1, last_error: null, next_attempt_at: createdAt });
    await t.handle.db.insertInto('mail_outbox').values([mail('sent-long-ago', monthsAgo, monthsAgo), mail('sent-now', past, past), mail('never-sent', monthsAgo, null)]).execute();
    expect(await pruneExpired(t.handle.db)).toEqual({ sessions: 1, rateLimits: 1, loginFailures: 1, formSubmissions: 1, sentMail: 1 });
    expect((await t.handle.db.selectFrom('mail_outbox').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['never-sent', 'sent-now']);
    expect((await t.handle.db.selectFrom('login_failures').select('key').execute()).map((r) => r.key)).toEqual(['addr:b']);
    expect((await t.handle.db.selectFrom('form_submissions').select('token').execute()).map((r) => r.token)).toEqual(['new']);
    expect((await t.handle.db.selectFrom('sessions').select('sid').execute()).map((r) => r.sid)).toEqual(['new']);
    expect((await t.handle.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key)).toEqual(['login:b']);
  });
});
