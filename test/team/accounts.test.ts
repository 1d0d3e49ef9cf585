// Accounts: changing one's password (current one needed) ends the other sessions; reset links from an
// org admin (for members) or the platform admin (for anyone) are single-use and end every session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, createTestApp, PASSWORD, registerOrg, setupAdmin, signInAs, submitForm, type Agent, type TestApp } from '../helpers/app.js';
import { addMember, adminOrgId, userIdOf } from '../helpers/team.js';

const NEW_PASSWORD = 'a quite new passphrase';

let t: TestApp;
let admin: Agent;
let platform: Agent;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp();
  platform = agent(t.app);
  await setupAdmin(platform);
  admin = agent(t.app);
  await registerOrg(admin, 'owner@example.com', '账号测试公司');
  orgId = await adminOrgId(admin);
});
afterAll(() => t.close());

async function signedIn(email: string, password = PASSWORD): Promise<Agent> {
  const a = agent(t.app);
  expect((await signInAs(a, email, password)).status).toBe(303);
  return a;
}

const isSignedIn = async (a: Agent) => (await a.get('/account')).status === 200;

describe('changing one’s password', () => {
  it('needs the current password, lists the sessions, and ends every other session', async () => {
    await addMember(t, admin, 'ann@example.com', 'respondent', 'Ann');
    const laptop = await signedIn('ann@example.com');
    const phone = await signedIn('ann@example.com');
    const page = await laptop.get('/account');
    expect(page.text.match(/name="session"/g)?.length).toBeGreaterThanOrEqual(2);

    const wrong = await submitForm(laptop, '/account', { current: 'not my password', password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD }, '/account/password');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/id="current-error"[^>]*>当前密码不正确/);
    const common = await submitForm(laptop, '/account', { current: PASSWORD, password: 'password123', passwordConfirm: 'password123' }, '/account/password');
    expect(common.status).toBe(400);
    expect(common.text).toMatch(/id="password-error"/);

    const ok = await submitForm(laptop, '/account', { current: PASSWORD, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD }, '/account/password');
    expect(ok.status).toBe(303);
    expect(await isSignedIn(laptop)).toBe(true);
    expect(await isSignedIn(phone)).toBe(false);
    expect((await signInAs(agent(t.app), 'ann@example.com', PASSWORD)).status).toBe(400);
    await signedIn('ann@example.com', NEW_PASSWORD);
  });

  it('ends one chosen session from the list', async () => {
    const a = await signedIn('owner@example.com');
    const b = await signedIn('owner@example.com');
    const page = await a.get('/account');
    const keys = [...page.text.matchAll(/name="session" value="([^"]+)"/g)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect((await submitForm(a, '/account', { session: key }, '/account/sessions/end')).status).toBe(303);
    expect(await isSignedIn(a)).toBe(true);
    expect(await isSignedIn(b)).toBe(false);
  });
});

describe('reset links', () => {
  it('an org admin issues one for a member: it works once, ends the member’s sessions, and is stored hashed', async () => {
    await addMember(t, await signedIn('owner@example.com'), 'bob@example.com', 'viewer', 'Bob');
    const bobSession = await signedIn('bob@example.com');
    const bobId = await userIdOf(t, 'bob@example.com');
    const owner = await signedIn('owner@example.com');
    const res = await submitForm(owner, `/orgs/${orgId}/members`, {}, `/orgs/${orgId}/members/${bobId}/reset-link`);
    expect(res.status).toBe(200);
    const link = new URL(/id="one-time-link"[^>]*value="([^"]+)"/.exec(res.text)![1]).pathname;
    const token = link.split('/').pop()!;
    const rows = await t.ctx.db.selectFrom('password_resets').select('token_hash').where('user_id', '=', bobId).execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(token);

    const visitor = agent(t.app);
    expect((await visitor.get(link)).text).toContain('Bob');
    const done = await submitForm(visitor, link, { password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/login');
    expect((await visitor.get('/login')).text).toContain('新密码已设置，请用新密码登录。');
    expect(await isSignedIn(bobSession)).toBe(false);
    await signedIn('bob@example.com', NEW_PASSWORD);

    // Single use: the same link again is refused.
    const again = await visitor.get(link);
    expect(again.status).toBe(410);
    const reuse = await submitForm(agent(t.app), '/login', { password: 'yet another passphrase', passwordConfirm: 'yet another passphrase' }, link);
    expect(reuse.status).toBe(409);
    await signedIn('bob@example.com', NEW_PASSWORD);
  });

  it('an expired link is refused', async () => {
    const bobId = await userIdOf(t, 'bob@example.com');
    const owner = await signedIn('owner@example.com');
    const res = await submitForm(owner, `/orgs/${orgId}/members`, {}, `/orgs/${orgId}/members/${bobId}/reset-link`);
    const link = new URL(/id="one-time-link"[^>]*value="([^"]+)"/.exec(res.text)![1]).pathname;
    await t.ctx.db.updateTable('password_resets').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('user_id', '=', bobId).where('used_at', 'is', null).execute();
    expect((await agent(t.app).get(link)).status).toBe(410);
  });

  it('an org admin cannot issue one for the platform admin or another organization’s member; the platform admin can for anyone', async () => {
    const owner = await signedIn('owner@example.com');
    const adminId = await userIdOf(t, 'admin@example.com');
    expect((await submitForm(owner, `/orgs/${orgId}/members`, {}, `/orgs/${orgId}/members/${adminId}/reset-link`)).status).toBe(404);
    const other = agent(t.app);
    await registerOrg(other, 'someone@elsewhere.example', '另一家公司');
    const someoneId = await userIdOf(t, 'someone@elsewhere.example');
    expect((await submitForm(owner, `/orgs/${orgId}/members`, {}, `/orgs/${orgId}/members/${someoneId}/reset-link`)).status).toBe(404);

    const res = await submitForm(platform, '/admin', { resetEmail: 'someone@elsewhere.example' }, '/admin/reset-link');
    expect(res.status).toBe(200);
    const link = new URL(/id="one-time-link"[^>]*value="([^"]+)"/.exec(res.text)![1]).pathname;
    expect((await submitForm(agent(t.app), link, { password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD })).status).toBe(303);
    await signedIn('someone@elsewhere.example', NEW_PASSWORD);
    const unknown = await submitForm(platform, '/admin', { resetEmail: 'nobody@example.com' }, '/admin/reset-link');
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('value="nobody@example.com"');
  });
});
