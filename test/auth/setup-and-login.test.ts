import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/http/security.js';
import { agent, csrfTokenIn, PASSWORD, registerOrg, setupAdmin, submitForm, type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ LOGIN_RATE_LIMIT: '3' });
});
afterAll(() => t.close());

describe('first start and setup', () => {
  it('sends the first visitor to the setup page, creates one platform admin, then closes setup', async () => {
    const a = agent(t.app);
    const home = await a.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/setup');

    const mismatch = await submitForm(a, '/setup', { name: 'Admin', email: 'root@example.com', password: PASSWORD, passwordConfirm: 'different password' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain('两次输入的密码不一致');
    expect(mismatch.text).toContain('value="root@example.com"');
    expect(mismatch.text).not.toContain(PASSWORD);

    const created = await setupAdmin(a, 'root@example.com');
    expect(created.status).toBe(303);
    const stored = await t.ctx.db.selectFrom('users').select(['password_hash', 'is_platform_admin']).executeTakeFirstOrThrow();
    expect(stored.is_platform_admin).toBe(1);
    expect(stored.password_hash).toMatch(/^scrypt\$/);
    expect(stored.password_hash).not.toContain(PASSWORD);

    const again = agent(t.app);
    expect((await again.get('/setup')).status).toBe(403);
    const res = await again.post('/setup').type('form').send({ name: 'x', email: 'x@example.com', password: PASSWORD, passwordConfirm: PASSWORD });
    expect(res.status).toBe(403);
    expect(await t.ctx.db.selectFrom('users').select('id').execute()).toHaveLength(1);
  });
});

describe('sign-in', () => {
  beforeAll(async () => {
    await registerOrg(agent(t.app), 'member@example.com');
  });

  it('signs in with the right password into a server-side session cookie that is httpOnly and SameSite', async () => {
    const a = agent(t.app);
    const res = await submitForm(a, '/login', { email: 'MEMBER@example.com', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/assessments');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith(SESSION_COOKIE))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect((await a.get('/assessments')).status).toBe(200);
    const sessions = await t.ctx.db.selectFrom('sessions').select('data').execute();
    expect(sessions.some((s) => s.data.includes('userId'))).toBe(true);
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const res = await submitForm(agent(t.app), '/login', { email: 'member@example.com', password: 'wrong password!' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('邮箱或密码不正确');
    expect(res.text).toContain('value="member@example.com"');
  });

  it('signs out and forgets the session', async () => {
    const a = agent(t.app);
    await submitForm(a, '/login', { email: 'member@example.com', password: PASSWORD });
    const page = await a.get('/assessments');
    await a.post('/logout').type('form').send({ _csrf: csrfTokenIn(page.text) });
    const after = await a.get('/assessments');
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/login\?next=/);
  });

  it('refuses a form posted without its CSRF token', async () => {
    const a = agent(t.app);
    await a.get('/login');
    const res = await a.post('/login').type('form').send({ email: 'member@example.com', password: PASSWORD });
    expect(res.status).toBe(403);
  });

  it('rate-limits repeated sign-in attempts with counters kept in the database', async () => {
    const a = agent(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await submitForm(a, '/login', { email: 'member@example.com', password: 'nope nope nope' })).status);
    expect(statuses.slice(0, 1)).toEqual([400]);
    expect(statuses.at(-1)).toBe(429);
    const counters = await t.ctx.db.selectFrom('rate_limits').selectAll().execute();
    expect(counters.some((c) => c.key.startsWith('login:') && Number(c.hits) >= 4)).toBe(true);
  });
});
