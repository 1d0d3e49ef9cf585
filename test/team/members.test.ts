// The team of an organization: invitations (accepted, expired, revoked, reused), roles with the last
// org admin protected, deactivation and removal, on whichever database the suite runs on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, createTestApp, PASSWORD, registerOrg, signInAs, submitForm, type Agent, type TestApp } from '../helpers/app.js';
import { acceptAsNew, adminOrgId, invite, userIdOf } from '../helpers/team.js';

let t: TestApp;
let admin: Agent;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = agent(t.app);
  await registerOrg(admin, 'boss@example.com', '团队测试公司');
  orgId = await adminOrgId(admin);
});
afterAll(() => t.close());

const post = (a: Agent, path: string, fields: Record<string, unknown> = {}) => submitForm(a, `/orgs/${orgId}/members`, fields, path);

describe('invitations', () => {
  it('shows the link once, stores only its hash, and a new account joins with the invited role', async () => {
    const link = await invite(admin, orgId, 'li@example.com', 'respondent');
    const token = link.split('/').pop()!;
    const stored = await t.ctx.db.selectFrom('invitations').select('token_hash').where('email', '=', 'li@example.com').executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    // The invitation page names the organization and the role.
    const page = await agent(t.app).get(link);
    expect(page.status).toBe(200);
    expect(page.text).toContain('团队测试公司');
    expect(page.text).toContain('填报人');
    const li = await acceptAsNew(t, link, '李四');
    expect((await li.get('/assessments')).text).toContain('团队测试公司');
    const members = await admin.get(`/orgs/${orgId}/members`);
    expect(members.text).toContain('li@example.com');
  });

  it('is single-use: the same link again is refused, and says it was accepted', async () => {
    const link = await invite(admin, orgId, 'wang@example.com', 'viewer');
    await acceptAsNew(t, link, '王五');
    const again = await agent(t.app).get(link);
    expect(again.status).toBe(410);
    expect(again.text).toContain('已被接受');
    // The closed page has no form; the POST is sent as a page kept open from before would.
    const reuse = await submitForm(agent(t.app), '/login', { name: '冒名', password: PASSWORD, passwordConfirm: PASSWORD }, link);
    expect(reuse.status).toBe(409);
  });

  it('refuses a revoked link', async () => {
    const link = await invite(admin, orgId, 'zhao@example.com', 'respondent');
    const id = (await t.ctx.db.selectFrom('invitations').select('id').where('email', '=', 'zhao@example.com').executeTakeFirstOrThrow()).id;
    expect((await post(admin, `/orgs/${orgId}/members/invitations/${id}/revoke`)).status).toBe(303);
    const page = await agent(t.app).get(link);
    expect(page.status).toBe(410);
    expect(page.text).toContain('已被撤销');
    const accept = await submitForm(agent(t.app), '/login', { name: '赵六', password: PASSWORD, passwordConfirm: PASSWORD }, link);
    expect(accept.status).toBe(409);
    expect(await t.ctx.db.selectFrom('users').select('id').where('email', '=', 'zhao@example.com').executeTakeFirst()).toBeUndefined();
  });

  it('refuses an expired link', async () => {
    const link = await invite(admin, orgId, 'qian@example.com', 'respondent');
    await t.ctx.db.updateTable('invitations').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('email', '=', 'qian@example.com').execute();
    const page = await agent(t.app).get(link);
    expect(page.status).toBe(410);
    expect(page.text).toContain('已过期');
    const accept = await submitForm(agent(t.app), '/login', { name: '钱七', password: PASSWORD, passwordConfirm: PASSWORD }, link);
    expect(accept.status).toBe(409);
  });

  it('an unknown token is a 404, and a weak password keeps the name typed with the message by the field', async () => {
    expect((await agent(t.app).get('/invitations/not-a-real-token')).status).toBe(404);
    const link = await invite(admin, orgId, 'sun@example.com', 'respondent');
    const res = await submitForm(agent(t.app), link, { name: '孙八', password: 'short', passwordConfirm: 'short' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="password-error"/);
    expect(res.text).toContain('value="孙八"');
  });
});

describe('roles and the last org admin', () => {
  it('never leaves the organization without an active org admin', async () => {
    const bossId = await userIdOf(t, 'boss@example.com');
    const demote = await post(admin, `/orgs/${orgId}/members/${bossId}/role`, { role: 'viewer' });
    expect(demote.status).toBe(409);
    expect((await post(admin, `/orgs/${orgId}/members/${bossId}/remove`)).status).toBe(409);
    expect((await post(admin, `/orgs/${orgId}/members/${bossId}/deactivate`)).status).toBe(409);
    // With a second admin, the first may step down.
    const liId = await userIdOf(t, 'li@example.com');
    expect((await post(admin, `/orgs/${orgId}/members/${liId}/role`, { role: 'org_admin' })).status).toBe(303);
    expect((await post(admin, `/orgs/${orgId}/members/${bossId}/role`, { role: 'respondent' })).status).toBe(303);
    // Now li is the last admin; the former admin can no longer manage the team.
    expect((await admin.get(`/orgs/${orgId}/members`)).status).toBe(403);
    const li = agent(t.app);
    // li's password is the default one (acceptAsNew).
    await signInAs(li, 'li@example.com');
    expect((await submitForm(li, `/orgs/${orgId}/members`, { role: 'respondent' }, `/orgs/${orgId}/members/${liId}/role`)).status).toBe(409);
    expect((await submitForm(li, `/orgs/${orgId}/members`, { role: 'org_admin' }, `/orgs/${orgId}/members/${bossId}/role`)).status).toBe(303);
  });

  it('holds under concurrent demotions: two admins demoting each other leave one admin', async () => {
    const liId = await userIdOf(t, 'li@example.com');
    const bossId = await userIdOf(t, 'boss@example.com');
    const li = agent(t.app);
    await signInAs(li, 'li@example.com');
    const [a, b] = await Promise.all([
      post(admin, `/orgs/${orgId}/members/${liId}/role`, { role: 'respondent' }),
      submitForm(li, `/orgs/${orgId}/members`, { role: 'respondent' }, `/orgs/${orgId}/members/${bossId}/role`),
    ]);
    const statuses = [a.status, b.status].sort();
    // One demotion wins; the other either finds itself without rights (403) or the last admin (409).
    expect(statuses[0]).toBe(303);
    expect([403, 409]).toContain(statuses[1]);
    const admins = await t.ctx.db.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('role', '=', 'org_admin').execute();
    expect(admins).toHaveLength(1);
  });
});

describe('deactivation and removal', () => {
  it('a deactivated member is signed out and cannot sign in; reactivated, they can again', async () => {
    const link = await invite(await currentAdmin(), orgId, 'zhou@example.com', 'respondent');
    const zhou = await acceptAsNew(t, link, '周九');
    const zhouId = await userIdOf(t, 'zhou@example.com');
    const a = await currentAdmin();
    expect((await submitForm(a, `/orgs/${orgId}/members`, {}, `/orgs/${orgId}/members/${zhouId}/deactivate`)).status).toBe(303);
    // The open session no longer works.
    expect((await zhou.get('/assessments')).status).toBe(303);
    const again = await signInAs(agent(t.app), 'zhou@example.com');
    expect(again.status).toBe(400);
    expect(again.text).toContain('该账号已停用');
    expect((await submitForm(a, `/orgs/${orgId}/members`, {}, `/orgs/${orgId}/members/${zhouId}/reactivate`)).status).toBe(303);
    expect((await signInAs(agent(t.app), 'zhou@example.com')).status).toBe(303);
  });

  it('a removed member loses access to the organization', async () => {
    const link = await invite(await currentAdmin(), orgId, 'wu@example.com', 'viewer');
    await acceptAsNew(t, link, '吴十');
    const wuId = await userIdOf(t, 'wu@example.com');
    expect((await submitForm(await currentAdmin(), `/orgs/${orgId}/members`, {}, `/orgs/${orgId}/members/${wuId}/remove`)).status).toBe(303);
    const row = await t.ctx.db.selectFrom('memberships').select('role').where('org_id', '=', orgId).where('user_id', '=', wuId).executeTakeFirst();
    expect(row).toBeUndefined();
    expect((await signInAs(agent(t.app), 'wu@example.com')).status).toBe(400);
  });

  it('another organization’s admin cannot see or change this team', async () => {
    const other = agent(t.app);
    await registerOrg(other, 'other-boss@example.com', '别的公司');
    expect((await other.get(`/orgs/${orgId}/members`)).status).toBe(403);
    const someone = await userIdOf(t, 'wang@example.com');
    expect((await submitForm(other, '/account', { role: 'org_admin' }, `/orgs/${orgId}/members/${someone}/role`)).status).toBe(403);
    expect((await submitForm(other, '/account', {}, `/orgs/${orgId}/members/${someone}/reset-link`)).status).toBe(403);
  });
});

/** Whoever is org admin now (the tests above move the role around), signed in. */
async function currentAdmin(): Promise<Agent> {
  const row = await t.ctx.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.email')
    .where('org_id', '=', orgId)
    .where('role', '=', 'org_admin')
    .where('memberships.deactivated_at', 'is', null)
    .executeTakeFirstOrThrow();
  const a = agent(t.app);
  await signInAs(a, row.email);
  return a;
}
