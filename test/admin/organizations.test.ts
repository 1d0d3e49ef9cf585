// The platform admin's organizations: search and pages of 50 at scale, the profile with the org admin's
// validation, consultants unassigned, and deactivation closing the organization to its people.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrganization } from '../../server/orgs/repo.js';
import { agent, createTestApp, nextCreditCode, submitForm, type Agent, type TestApp } from '../helpers/app.js';
import { submittedForReview, type ReviewSetup } from '../helpers/review.js';
import { acceptAsNew, invite } from '../helpers/team.js';

let t: TestApp;
let s: ReviewSetup;
let orgId: string;
beforeAll(async () => {
  t = await createTestApp();
  s = await submittedForReview(t, '客户公司');
  orgId = (await t.ctx.db.selectFrom('assessments').select('org_id').where('id', '=', s.id).executeTakeFirstOrThrow()).org_id;
  // 120 more, named so that their order by name is known: 批量组织 000 … 119.
  for (let i = 0; i < 120; i++) {
    await insertOrganization(t.ctx.db, { name: `批量组织 ${String(i).padStart(3, '0')}`, nameEn: `Batch Org ${i}`, creditCode: nextCreditCode(), province: '110000', industry: 'energy', sizeBand: 'small' });
  }
  await insertOrganization(t.ctx.db, { name: '百分之百_科技', creditCode: nextCreditCode(), province: '310000', industry: 'ict', sizeBand: 'micro' });
}, 60_000);
afterAll(() => t.close());

const rowsOf = (html: string) => [...html.matchAll(/<td><a href="\/admin\/organizations\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('the list of organizations', () => {
  it('pages 120 matching organizations by 50, page 3 holding the last 20, with first–last of total and page links', async () => {
    const res = await s.admin.get('/admin/organizations?search=%E6%89%B9%E9%87%8F&page=3');
    expect(res.status).toBe(200);
    expect(res.text).toContain('第 101–120 条，共 120 条');
    const names = rowsOf(res.text);
    expect(names).toHaveLength(20);
    expect(names[0]).toBe('批量组织 100');
    expect(names[19]).toBe('批量组织 119');
    expect(res.text).toContain('href="/admin/organizations?search=%E6%89%B9%E9%87%8F&amp;page=2" rel="prev"');
    expect(res.text).toContain('aria-current="page">3</a>');
    expect(res.text).not.toContain('rel="next"');
  });

  it('lists every organization on the first pages, with the member and consultant counts', async () => {
    const res = await s.admin.get('/admin/organizations');
    expect(res.text).toContain('第 1–50 条，共 122 条');
    const client = await s.admin.get('/admin/organizations?search=%E5%AE%A2%E6%88%B7');
    expect(rowsOf(client.text)).toEqual(['客户公司']);
    // 1 member (its admin), 1 consultant, active.
    expect(client.text).toMatch(/<td class="num">1<\/td>\s*<td class="num">1<\/td>\s*<td>在用<\/td>/);
  });

  it('finds by English name (any case) and by part of a credit code, and takes % and _ literally', async () => {
    expect(rowsOf((await s.admin.get('/admin/organizations?search=batch+org+7')).text)).toEqual(['批量组织 007', '批量组织 070', '批量组织 071', '批量组织 072', '批量组织 073', '批量组织 074', '批量组织 075', '批量组织 076', '批量组织 077', '批量组织 078', '批量组织 079']);
    const code = (await t.ctx.db.selectFrom('organizations').select('credit_code').where('name', '=', '批量组织 042').executeTakeFirstOrThrow()).credit_code!;
    expect(rowsOf((await s.admin.get(`/admin/organizations?search=${code.slice(8).toLowerCase()}`)).text)).toEqual(['批量组织 042']);
    expect(rowsOf((await s.admin.get('/admin/organizations?search=_')).text)).toEqual(['百分之百_科技']);
    expect(rowsOf((await s.admin.get('/admin/organizations?search=%25')).text)).toEqual([]);
  });

  it('is the platform admin\'s only', async () => {
    expect((await s.consultant.get('/admin/organizations')).status).toBe(403);
    expect((await s.org.get(`/admin/organizations/${orgId}`)).status).toBe(403);
  });
});

describe('an organization\'s profile', () => {
  it('refuses a bad check digit with the message next to the field and keeps what was typed', async () => {
    const res = await submitForm(s.admin, `/admin/organizations/${orgId}`, { orgName: '改名公司', nameEn: 'Renamed Ltd.', creditCode: '91350100M000100Y44', province: '350000', industry: 'finance', sizeBand: 'large' }, `/admin/organizations/${orgId}/profile`);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="creditCode-error">最后一位校验码与前 17 位不符/);
    expect(res.text).toContain('id="creditCode" name="creditCode" value="91350100M000100Y44"');
    expect(res.text).toContain('value="改名公司"');
    expect(res.text).toContain('value="Renamed Ltd."');
    expect(res.text).toMatch(/<option value="350000" selected>福建省/);
    expect((await t.ctx.db.selectFrom('organizations').select('name').where('id', '=', orgId).executeTakeFirstOrThrow()).name).toBe('客户公司');
  });

  it('refuses another organization\'s credit code', async () => {
    const taken = (await t.ctx.db.selectFrom('organizations').select('credit_code').where('name', '=', '批量组织 000').executeTakeFirstOrThrow()).credit_code!;
    const res = await submitForm(s.admin, `/admin/organizations/${orgId}`, { orgName: '客户公司', creditCode: taken, province: '440000', industry: 'finance', sizeBand: 'large' }, `/admin/organizations/${orgId}/profile`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="creditCode-error">该统一社会信用代码的组织已经注册');
  });

  it('saves a valid profile and audits it', async () => {
    const code = nextCreditCode();
    const res = await submitForm(s.admin, `/admin/organizations/${orgId}`, { orgName: '客户公司', nameEn: 'Client Co.', creditCode: code, province: '440000', industry: 'finance', sizeBand: 'large' }, `/admin/organizations/${orgId}/profile`);
    expect(res.status).toBe(303);
    const org = await t.ctx.db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
    expect(org).toMatchObject({ name_en: 'Client Co.', credit_code: code, industry: 'finance', size_band: 'large' });
    const audit = await t.ctx.db.selectFrom('audit_log').select(['actor_id', 'detail_json']).where('action', '=', 'org.profile-changed').where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail_json).credit_code.to).toBe(code);
  });
});

describe('deactivating an organization', () => {
  it('asks for a reason', async () => {
    const res = await submitForm(s.admin, `/admin/organizations/${orgId}`, { reason: '  ' }, `/admin/organizations/${orgId}/deactivate`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="reason-error">此项为必填项');
    expect((await s.org.get(`/assessments/${s.id}`)).status).toBe(200);
  });

  it('closes it to its member (403 saying why) and takes it out of the consultant\'s queue; the platform admin still sees it', async () => {
    expect((await s.consultant.get('/review')).text).toContain('客户公司');
    const res = await submitForm(s.admin, `/admin/organizations/${orgId}`, { reason: '合同到期' }, `/admin/organizations/${orgId}/deactivate`);
    expect(res.status).toBe(303);

    const member = await s.org.get(`/assessments/${s.id}`);
    expect(member.status).toBe(403);
    expect(member.text).toContain('该组织已被平台管理员停用');
    expect((await s.org.get('/assessments')).text).not.toContain(`/assessments/${s.id}"`);
    expect((await s.consultant.get(`/assessments/${s.id}`)).status).toBe(403);
    expect((await s.consultant.get('/review')).text).not.toContain('客户公司');

    expect((await s.admin.get(`/assessments/${s.id}`)).status).toBe(200);
    const page = await s.admin.get(`/admin/organizations/${orgId}`);
    expect(page.text).toContain('合同到期');
    expect((await s.admin.get('/admin/organizations?search=%E5%AE%A2%E6%88%B7')).text).toContain('已停用');
  });

  it('keeps its credit code: nobody registers it again', async () => {
    const code = (await t.ctx.db.selectFrom('organizations').select('credit_code').where('id', '=', orgId).executeTakeFirstOrThrow()).credit_code!;
    const res = await submitForm(agent(t.app), '/register', { orgName: '冒名公司', creditCode: code, province: '440000', industry: 'finance', sizeBand: 'small', name: '某人', email: 'again@example.com', password: 'correct horse battery', passwordConfirm: 'correct horse battery' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="creditCode-error">');
  });

  it('reactivation restores all', async () => {
    expect((await submitForm(s.admin, `/admin/organizations/${orgId}`, { reason: '续约' }, `/admin/organizations/${orgId}/reactivate`)).status).toBe(303);
    expect((await s.org.get(`/assessments/${s.id}`)).status).toBe(200);
    expect((await s.consultant.get(`/assessments/${s.id}`)).status).toBe(200);
    expect((await s.consultant.get('/review')).text).toContain('客户公司');
    const actions = (await t.ctx.db.selectFrom('audit_log').select('action').where('org_id', '=', orgId).where('action', 'like', 'admin.org-%').orderBy('at').execute()).map((r) => r.action);
    expect(actions).toEqual(['admin.org-deactivated', 'admin.org-reactivated']);
  });
});

describe('consultants of an organization', () => {
  it('unassigning a consultant closes the organization\'s assessments to them; assigning again opens them', async () => {
    const consultantId = (await t.ctx.db.selectFrom('users').select('id').where('email', '=', 'wang@consult.example').executeTakeFirstOrThrow()).id;
    const page = await s.admin.get(`/admin/organizations/${orgId}`);
    expect(page.text).toContain(`action="/admin/organizations/${orgId}/consultants/${consultantId}/unassign"`);
    expect((await submitForm(s.admin, `/admin/organizations/${orgId}`, {}, `/admin/organizations/${orgId}/consultants/${consultantId}/unassign`)).status).toBe(303);
    expect([403, 404]).toContain((await s.consultant.get(`/assessments/${s.id}`)).status);
    expect((await s.consultant.get('/review')).text).not.toContain('客户公司');
    expect((await submitForm(s.admin, `/admin/organizations/${orgId}`, { consultantId }, `/admin/organizations/${orgId}/consultants`)).status).toBe(303);
    expect((await s.consultant.get(`/assessments/${s.id}`)).status).toBe(200);
  });
});

describe('an organization without members (registered by import)', () => {
  it('gets its first organization admin from the platform admin, through the team page', async () => {
    const org = await insertOrganization(t.ctx.db, { name: '导入无成员有限公司', creditCode: nextCreditCode(), province: '330000', industry: 'energy', sizeBand: 'medium' });
    const page = await s.admin.get(`/admin/organizations/${org.id}`);
    expect(page.text).toContain(`<a href="/orgs/${org.id}/members">邀请该组织的第一位管理员（团队页面）</a>`);
    const link = await invite(s.admin, org.id, 'first-admin@imported.example', 'org_admin');
    const firstAdmin = await acceptAsNew(t, link, '首位管理员');
    expect((await firstAdmin.get(`/orgs/${org.id}/profile`)).status).toBe(200);
    expect((await firstAdmin.get(`/orgs/${org.id}/members`)).text).toContain('首位管理员');
  });
});
