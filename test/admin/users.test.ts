// The platform admin's users: search and pages, what each account is, editing, and deactivation that
// ends sign-in and every open session, never of oneself or of the last active platform admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import { findUserByEmail, insertUser } from '../../server/auth/users-repo.js';
import { deactivateUserAccount } from '../../server/admin/users-service.js';
import { agent, createTestApp, PASSWORD, submitForm, type TestApp } from '../helpers/app.js';
import { login, submittedForReview, type ReviewSetup } from '../helpers/review.js';

let t: TestApp;
let s: ReviewSetup;
const idOf = async (email: string) => (await findUserByEmail(t.ctx.db, email))!.id;

beforeAll(async () => {
  t = await createTestApp();
  s = await submittedForReview(t, '客户公司', 'client@example.com');
  const passwordHash = await hashPassword('x'.repeat(12));
  for (let i = 0; i < 60; i++) await insertUser(t.ctx.db, { email: `user${String(i).padStart(2, '0')}@bulk.example`, name: `批量用户 ${String(i).padStart(2, '0')}`, passwordHash });
  await insertUser(t.ctx.db, { email: 'second-admin@example.com', name: '第二管理员', passwordHash: await hashPassword(PASSWORD), isPlatformAdmin: true });
}, 60_000);
afterAll(() => t.close());

const namesIn = (html: string) => [...html.matchAll(/<td><a href="\/admin\/users\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('the list of users', () => {
  it('searches by name or e-mail and pages by 50', async () => {
    const page2 = await s.admin.get('/admin/users?search=bulk.example&page=2');
    expect(page2.text).toContain('第 51–60 条，共 60 条');
    expect(namesIn(page2.text)).toEqual(Array.from({ length: 10 }, (_, i) => `批量用户 ${50 + i}`));
    expect(namesIn((await s.admin.get('/admin/users?search=%E6%89%B9%E9%87%8F%E7%94%A8%E6%88%B7+07')).text)).toEqual(['批量用户 07']);
  });

  it('says what each account is', async () => {
    const en = agent(t.app, 'en');
    await submitForm(en, '/login', { email: 'admin@example.com', password: PASSWORD });
    const row = async (search: string) => (await en.get(`/admin/users?search=${encodeURIComponent(search)}`)).text;
    expect(await row('admin@example.com')).toMatch(/Platform Admin<\/a><\/td>\s*<td>admin@example.com<\/td>\s*<td>\s*Platform admin/);
    expect(await row('wang@')).toMatch(/王顾问<\/a><\/td>\s*<td>wang@consult.example<\/td>\s*<td>\s*Consultant · 华信咨询有限公司/);
    expect(await row('client@')).toMatch(/client@example.com<\/td>\s*<td>\s*Member of 1 organization\s*<br><span class="muted">客户公司 \(Org admin\)/);
  });
});

describe('a user\'s page', () => {
  it('changes name, e-mail and a consultant\'s firm; a taken e-mail is refused next to the field with the input kept', async () => {
    const id = await idOf('wang@consult.example');
    const taken = await submitForm(s.admin, `/admin/users/${id}`, { name: '王新名', email: 'client@example.com', affiliation: '新咨询' }, `/admin/users/${id}/profile`);
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('id="email-error">');
    expect(taken.text).toContain('value="王新名"');
    expect(taken.text).toContain('value="新咨询"');
    const ok = await submitForm(s.admin, `/admin/users/${id}`, { name: '王新名', email: 'Wang2@Consult.example', affiliation: '新咨询' }, `/admin/users/${id}/profile`);
    expect(ok.status).toBe(303);
    expect(await t.ctx.db.selectFrom('users').select(['name', 'email', 'affiliation']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ name: '王新名', email: 'wang2@consult.example', affiliation: '新咨询' });
  });

  it('hands out a reset link, shown once', async () => {
    const id = await idOf('client@example.com');
    const res = await submitForm(s.admin, `/admin/users/${id}`, {}, `/admin/users/${id}/reset-link`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/id="one-time-link"[^>]*value="[^"]+\/reset\/[^"]+"/);
  });
});

describe('deactivating a user', () => {
  it('ends their open session and stops them signing in; reactivation lets them in again', async () => {
    const member = await login(t, 'client@example.com');
    expect((await member.get('/assessments')).status).toBe(200);
    const id = await idOf('client@example.com');
    expect((await submitForm(s.admin, `/admin/users/${id}`, {}, `/admin/users/${id}/deactivate`)).status).toBe(303);
    expect(await t.ctx.db.selectFrom('sessions').select('sid').where('user_id', '=', id).execute()).toEqual([]);
    const after = await member.get('/assessments');
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);
    const signIn = await submitForm(agent(t.app), '/login', { email: 'client@example.com', password: PASSWORD });
    expect(signIn.status).toBe(400);
    expect(signIn.text).toContain('该账号已停用');

    expect((await submitForm(s.admin, `/admin/users/${id}`, {}, `/admin/users/${id}/reactivate`)).status).toBe(303);
    expect((await submitForm(agent(t.app), '/login', { email: 'client@example.com', password: PASSWORD })).status).toBe(303);
  });

  it('refuses deactivating yourself', async () => {
    const id = await idOf('admin@example.com');
    const res = await submitForm(s.admin, `/admin/users/${id}`, {}, `/admin/users/${id}/deactivate`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('不能停用您自己的账号');
    expect((await findUserByEmail(t.ctx.db, 'admin@example.com'))!.deactivated_at).toBeNull();
  });

  it('refuses deactivating the last active platform admin', async () => {
    // The second admin deactivates the first: allowed, one active admin is left.
    const second = await login(t, 'second-admin@example.com');
    const first = await idOf('admin@example.com');
    expect((await submitForm(second, `/admin/users/${first}`, {}, `/admin/users/${first}/deactivate`)).status).toBe(303);
    // The first admin's request, already under way when they were deactivated, cannot take the last one.
    const stale = (await findUserByEmail(t.ctx.db, 'admin@example.com'))!;
    const secondId = await idOf('second-admin@example.com');
    await expect(deactivateUserAccount(t.ctx, { ...stale, deactivated_at: null }, secondId)).rejects.toMatchObject({ fields: { deactivate: 'adminUsers.lastPlatformAdmin' } });
    expect((await findUserByEmail(t.ctx.db, 'second-admin@example.com'))!.deactivated_at).toBeNull();
    expect((await submitForm(second, `/admin/users/${first}`, {}, `/admin/users/${first}/reactivate`)).status).toBe(303);
  });
});
