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
  it('removes expired sessions, counters and used form tokens, and keeps current ones', async () => {
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
    expect(await pruneExpired(t.handle.db)).toEqual({ sessions: 1, rateLimits: 1, loginFailures: 1, formSubmissions: 1 });
    expect((await t.handle.db.selectFrom('login_failures').select('key').execute()).map((r) => r.key)).toEqual(['addr:b']);
    expect((await t.handle.db.selectFrom('form_submissions').select('token').execute()).map((r) => r.token)).toEqual(['new']);
    expect((await t.handle.db.selectFrom('sessions').select('sid').execute()).map((r) => r.sid)).toEqual(['new']);
    expect((await t.handle.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key)).toEqual(['login:b']);
  });
});
