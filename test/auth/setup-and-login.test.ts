import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/http/security.js';
import { agent, csrfTokenIn, PASSWORD, registerOrg, setupAdmin, submitForm, type TestApp, createTestApp, TEST_SETUP_CODE } from '../helpers/app.js';

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

    const mismatch = await submitForm(a, '/setup', { setupCode: TEST_SETUP_CODE, name: 'Admin', email: 'root@example.com', password: PASSWORD, passwordConfirm: 'different password' });
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
    const res = await submitForm(again, '/login', { setupCode: TEST_SETUP_CODE, name: 'x', email: 'x@example.com', password: PASSWORD, passwordConfirm: PASSWORD }, '/setup');
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

  it('refuses a form posted without its CSRF token, leading back to the form with a notice and nothing signed in', async () => {
    const a = agent(t.app);
    await a.get('/login');
    const res = await a.post('/login').type('form').set('Referer', 'http://127.0.0.1/login?next=%2Fassessments').send({ email: 'member@example.com', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fassessments');
    const back = await a.get(res.headers.location);
    expect(back.text).toContain('此表单已过期，请重试。');
    expect(back.text).not.toContain(PASSWORD);
    expect((await a.get('/assessments')).status).toBe(303);
    const json = await agent(t.app).post('/login').set('Accept', 'application/json').send({ email: 'x@example.com', password: 'y' });
    expect(json.status).toBe(403);
  });

  it('slows repeated failed sign-ins from one address, with counters kept in the database', async () => {
    const a = agent(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await submitForm(a, '/login', { email: `nobody${i}@example.com`, password: 'nope nope nope' })).status);
    // LOGIN_RATE_LIMIT=3: three free failures (one was the wrong password above), then the next attempt
    // waits (30 s, doubling after each further failure); a refused attempt is not counted.
    expect(statuses).toEqual([400, 400, 429, 429, 429]);
    const counters = await t.ctx.db.selectFrom('login_failures').selectAll().where('key', 'like', 'addr:%').execute();
    expect(counters).toHaveLength(1);
    expect(Number(counters[0].failures)).toBe(3);
    expect(new Date(counters[0].blocked_until).getTime()).toBeGreaterThan(Date.now());
    const refused = await submitForm(a, '/login', { email: 'member@example.com', password: PASSWORD });
    expect(refused.status).toBe(429);
    expect(refused.text).toMatch(/登录失败次数过多，请等待 \d+ 秒后再试/);
    expect(refused.text).toContain('value="member@example.com"');
  });
});
