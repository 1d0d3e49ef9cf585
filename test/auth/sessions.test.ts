import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionData } from 'express-session';
import { hashSessionId } from '../../server/sessions/repo.js';
import { DatabaseSessionStore } from '../../server/http/session-store.js';
import { SESSION_COOKIE } from '../../server/http/security.js';
import { agent, createTestApp, registerOrg, setupAdmin, signInAs, submitForm, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await setupAdmin(agent(t.app));
  await registerOrg(agent(t.app), 'sessions@example.com');
});
afterAll(() => t.close());

/** The session id the browser holds (the cookie is `s:ID.SIGNATURE`). */
function sessionIdOf(res: { headers: Record<string, unknown> }): string {
  const cookie = (res.headers['set-cookie'] as string[]).find((c) => c.startsWith(SESSION_COOKIE))!;
  return decodeURIComponent(cookie.split(';')[0].split('=')[1]).slice(2).split('.')[0];
}

describe('sessions', () => {
  it('are stored by the SHA-256 of their id, so a copy of the table cannot be replayed', async () => {
    const a = agent(t.app);
    const signedIn = await signInAs(a, 'sessions@example.com');
    const sid = sessionIdOf(signedIn);
    const rows = await t.ctx.db.selectFrom('sessions').select(['sid', 'user_id']).execute();
    expect(rows.map((r) => r.sid)).not.toContain(sid);
    expect(rows.map((r) => r.sid)).toContain(hashSessionId(sid));
    expect(rows.find((r) => r.sid === hashSessionId(sid))!.user_id).toBeTruthy();
    // Presenting a stored (hashed) value as a cookie gets nobody in.
    const replay = agent(t.app).set('Cookie', `${SESSION_COOKIE}=${hashSessionId(sid)}`);
    expect((await replay.get('/assessments')).status).toBe(303);
  });

  it('end after the idle timeout, counted from the last request', async () => {
    const a = agent(t.app);
    const sid = sessionIdOf(await signInAs(a, 'sessions@example.com'));
    const row = await t.ctx.db.selectFrom('sessions').select('expires_at').where('sid', '=', hashSessionId(sid)).executeTakeFirstOrThrow();
    const idleMs = new Date(row.expires_at).getTime() - Date.now();
    expect(idleMs).toBeGreaterThan(7.9 * 3600_000);
    expect(idleMs).toBeLessThanOrEqual(8 * 3600_000);
    await t.ctx.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('sid', '=', hashSessionId(sid)).execute();
    expect((await a.get('/assessments')).status).toBe(303);
  });

  it('are not written on every request: an unchanged session moves its stored expiry at most once a minute', async () => {
    const a = agent(t.app);
    const hashed = hashSessionId(sessionIdOf(await signInAs(a, 'sessions@example.com')));
    const stored = () => t.ctx.db.selectFrom('sessions').select(['data', 'expires_at']).where('sid', '=', hashed).executeTakeFirstOrThrow();
    const before = await stored();
    for (let i = 0; i < 3; i++) expect((await a.get('/assessments')).status).toBe(200);
    expect(await stored()).toEqual(before);

    // The store itself: a touch that moves the expiry under a minute writes nothing; a minute or more, it does.
    const store = new DatabaseSessionStore(t.ctx.db, 8 * 3600_000, 24 * 3600_000);
    const at = (ms: number) => ({ cookie: { expires: new Date(ms) }, userId: 'u1' }) as unknown as SessionData;
    const start = Date.now() + 3600_000;
    await new Promise<void>((done) => store.set('store-sid', at(start), () => done()));
    const expiryOf = async () => (await t.ctx.db.selectFrom('sessions').select('expires_at').where('sid', '=', hashSessionId('store-sid')).executeTakeFirstOrThrow()).expires_at;
    await new Promise<void>((done) => store.touch('store-sid', at(start + 59_000), () => done()));
    expect(await expiryOf()).toBe(new Date(start).toISOString());
    await new Promise<void>((done) => store.touch('store-sid', at(start + 60_000), () => done()));
    expect(await expiryOf()).toBe(new Date(start + 60_000).toISOString());
  });

  it('end at the absolute lifetime however busy they are', async () => {
    const short = await createTestApp({ SESSION_LIFETIME: '2h' });
    try {
      await setupAdmin(agent(short.app), 'lifetime@example.com');
      const a = agent(short.app);
      const sid = sessionIdOf(await signInAs(a, 'lifetime@example.com'));
      const hashed = hashSessionId(sid);
      const expiresAt = async () =>
        new Date((await short.ctx.db.selectFrom('sessions').select('expires_at').where('sid', '=', hashed).executeTakeFirstOrThrow()).expires_at).getTime();
      expect(await expiresAt()).toBeLessThanOrEqual(Date.now() + 2 * 3600_000);
      // Signed in 3 hours ago: whatever the idle expiry, the next request finds the session over.
      const row = await short.ctx.db.selectFrom('sessions').select('data').where('sid', '=', hashed).executeTakeFirstOrThrow();
      const data = { ...JSON.parse(row.data), signedInAt: Date.now() - 3 * 3600_000 };
      await short.ctx.db.updateTable('sessions').set({ data: JSON.stringify(data) }).where('sid', '=', hashed).execute();
      expect((await a.get('/admin')).status).toBe(303);
    } finally {
      await short.close();
    }
  });

  it('can all be ended at once: sign out everywhere', async () => {
    const laptop = agent(t.app);
    const phone = agent(t.app);
    await signInAs(laptop, 'sessions@example.com');
    await signInAs(phone, 'sessions@example.com');
    const other = agent(t.app);
    await signInAs(other, 'admin@example.com');
    const done = await submitForm(laptop, '/account', {}, '/account/sign-out-everywhere');
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/login');
    expect((await laptop.get('/assessments')).status).toBe(303);
    expect((await phone.get('/assessments')).status).toBe(303);
    expect((await other.get('/assessments')).status).toBe(200);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'account.signed-out-everywhere').execute();
    expect(audit).toHaveLength(1);
  });
});
