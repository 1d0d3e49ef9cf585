// The organization profile: registration with a unified social credit code (valid, unique) and a
// province; the profile page its admin keeps; organizations shown with their codes; English names in
// English reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, insertOrganization } from '../../server/orgs/repo.js';
import { findUserByEmail } from '../../server/auth/users-repo.js';
import { agent, createTestApp, nextCreditCode, PASSWORD, registerOrg, setupAdmin, signInAs, startAssessment, submitForm, type Agent, type TestApp } from '../helpers/app.js';
import { createConsultant, login } from '../helpers/review.js';
import { binaryParser, pdfText } from '../helpers/pdf.js';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await createTestApp();
  admin = agent(t.app);
  await setupAdmin(admin);
});
afterAll(() => t.close());

const registration = (email: string, fields: Record<string, string>) => ({
  orgName: '保留公司',
  province: '350000',
  industry: 'finance',
  sizeBand: 'small',
  name: '赵六',
  email,
  password: PASSWORD,
  passwordConfirm: PASSWORD,
  ...fields,
});

const orgIdByCode = async (code: string) =>
  (await t.ctx.db.selectFrom('organizations').select('id').where('credit_code', '=', code).executeTakeFirstOrThrow()).id;

describe('registering with a credit code', () => {
  it.each([
    ['91350100M000100Y44', '最后一位校验码与前 17 位不符'],
    ['91350100M000100Y4', '统一社会信用代码应为 18 位'],
    ['91350100M000100YO3', '代码中含有不允许的字符'],
    ['', '此项为必填项'],
  ])('refuses %j with the reason next to the field, and keeps what was typed but the passwords', async (code, message) => {
    const res = await submitForm(agent(t.app), '/register', registration('typo@example.com', { creditCode: code, nameEn: 'Kept Ltd.' }));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(new RegExp(`id="creditCode-error">[^<]*${message}`));
    expect(res.text).toContain('value="保留公司"');
    expect(res.text).toContain(`id="creditCode" name="creditCode" value="${code}"`);
    expect(res.text).toContain('value="Kept Ltd."');
    expect(res.text).toContain('value="typo@example.com"');
    expect(res.text).toMatch(/<option value="350000" selected>福建省/);
    expect(res.text).not.toContain(PASSWORD);
    expect(await findUserByEmail(t.ctx.db, 'typo@example.com')).toBeUndefined();
  });

  it('says the message in English on an English page', async () => {
    const res = await submitForm(agent(t.app, 'en'), '/register', registration('typo-en@example.com', { creditCode: '91350100M000100Y44' }));
    expect(res.text).toContain('id="creditCode-error">The last character (the check digit) does not match');
  });

  it('stores the code normalised (spaces, full-width, lower case) with the province and English name', async () => {
    const res = await registerOrg(agent(t.app), 'textbook@example.com', '教科书公司', { creditCode: '９１３５０１００ｍ000 100y43', province: '350000', nameEn: 'Textbook Co.' });
    expect(res.status).toBe(303);
    const org = await t.ctx.db.selectFrom('organizations').selectAll().where('name', '=', '教科书公司').executeTakeFirstOrThrow();
    expect(org).toMatchObject({ credit_code: '91350100M000100Y43', province: '350000', name_en: 'Textbook Co.' });
  });

  it('refuses a second organization with the same code, saying so next to the field', async () => {
    const res = await submitForm(agent(t.app), '/register', registration('second@example.com', { orgName: '冒名公司', creditCode: '91350100 m000100y43' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="creditCode-error">该统一社会信用代码的组织已经注册；请联系该组织的管理员邀请您加入。');
    expect(res.text).toContain('value="冒名公司"');
    expect(await findUserByEmail(t.ctx.db, 'second@example.com')).toBeUndefined();
    expect(await t.ctx.db.selectFrom('organizations').select('id').where('name', '=', '冒名公司').execute()).toEqual([]);
  });

  it('allows the same name with another code, and lists both with their codes for the platform admin', async () => {
    const first = nextCreditCode();
    const second = nextCreditCode();
    expect((await registerOrg(agent(t.app), 'same1@example.com', '同名有限公司', { creditCode: first })).status).toBe(303);
    expect((await registerOrg(agent(t.app), 'same2@example.com', '同名有限公司', { creditCode: second })).status).toBe(303);
    // The admin's list of organizations tells them apart by code, each linking to its own page.
    const page = await admin.get(`/admin/organizations?search=${encodeURIComponent('同名有限公司')}`);
    for (const code of [first, second]) {
      expect(page.text).toContain(`<a href="/admin/organizations/${await orgIdByCode(code)}">同名有限公司</a>`);
      expect(page.text).toContain(code);
    }
  });
});

describe('the profile page', () => {
  it('lets the organization admin change the profile, audited', async () => {
    const a = agent(t.app);
    const code = nextCreditCode();
    await registerOrg(a, 'keeper@example.com', '维护公司', { creditCode: code });
    const orgId = await orgIdByCode(code);
    const list = await a.get('/assessments');
    expect(list.text).toContain(`href="/orgs/${orgId}/profile"`);
    const newCode = nextCreditCode();
    const res = await submitForm(a, `/orgs/${orgId}/profile`, { orgName: '维护集团', nameEn: 'Keeper Group', creditCode: newCode, province: '110000', industry: 'ict', sizeBand: 'large' });
    expect(res.status).toBe(303);
    const page = await a.get(`/orgs/${orgId}/profile`);
    expect(page.text).toContain('组织信息已保存。');
    expect(page.text).toContain(`value="${newCode}"`);
    const org = await t.ctx.db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
    expect(org).toMatchObject({ name: '维护集团', name_en: 'Keeper Group', credit_code: newCode, province: '110000', industry: 'ict', size_band: 'large' });
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId).where('action', '=', 'org.profile-changed').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].detail_json).credit_code).toEqual({ from: code, to: newCode });
  });

  it('refuses an invalid code or one another organization holds, with the message next to the field', async () => {
    const a = agent(t.app);
    const code = nextCreditCode();
    await registerOrg(a, 'holder@example.com', '持码公司', { creditCode: code });
    const orgId = await orgIdByCode(code);
    const fields = { orgName: '持码公司', province: '440000', industry: 'ict', sizeBand: 'large' };
    const typo = await submitForm(a, `/orgs/${orgId}/profile`, { ...fields, creditCode: code.slice(0, 17) + (code[17] === '0' ? '1' : '0') });
    expect(typo.status).toBe(400);
    expect(typo.text).toContain('id="creditCode-error">最后一位校验码与前 17 位不符');
    const taken = await submitForm(a, `/orgs/${orgId}/profile`, { ...fields, creditCode: '91350100M000100Y43' });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('id="creditCode-error">该统一社会信用代码的组织已经注册');
    expect(taken.text).toContain('value="91350100M000100Y43"');
    expect((await t.ctx.db.selectFrom('organizations').select('credit_code').where('id', '=', orgId).executeTakeFirstOrThrow()).credit_code).toBe(code);
  });

  it('is refused to the admin of another organization, and read-only for its consultant', async () => {
    const owner = agent(t.app);
    const code = nextCreditCode();
    await registerOrg(owner, 'owner@example.com', '甲公司', { creditCode: code });
    const orgId = await orgIdByCode(code);
    const other = agent(t.app);
    await registerOrg(other, 'other@example.com', '乙公司');
    const fields = { orgName: '被改名', creditCode: code, province: '110000', industry: 'ict', sizeBand: 'large' };
    expect((await other.get(`/orgs/${orgId}/profile`)).status).toBe(403);
    expect((await submitForm(other, '/assessments', fields, `/orgs/${orgId}/profile`)).status).toBe(403);

    await createConsultant(admin, '钱顾问', 'qian@consult.example', '甲公司');
    const consultant = await login(t, 'qian@consult.example');
    const read = await consultant.get(`/orgs/${orgId}/profile`);
    expect(read.status).toBe(200);
    expect(read.text).toContain(code);
    expect(read.text).not.toContain('name="creditCode"');
    expect((await submitForm(consultant, '/assessments', fields, `/orgs/${orgId}/profile`)).status).toBe(403);
    expect((await submitForm(admin, '/admin', fields, `/orgs/${orgId}/profile`)).status).toBe(403);
    expect((await t.ctx.db.selectFrom('organizations').select('name').where('id', '=', orgId).executeTakeFirstOrThrow()).name).toBe('甲公司');
    expect((await agent(t.app).get(`/orgs/${orgId}/profile`)).status).toBe(303);
  });

  it('asks the admin of an organization registered before credit codes to fill it in', async () => {
    const org = await insertOrganization(t.ctx.db, { name: '老字号公司', industry: 'retail', sizeBand: 'small' });
    const a = agent(t.app);
    await registerOrg(a, 'veteran@example.com', '新字号公司');
    const user = (await findUserByEmail(t.ctx.db, 'veteran@example.com'))!;
    await addMember(t.ctx.db, org.id, user.id, 'org_admin');
    await signInAs(a, 'veteran@example.com');
    const list = await a.get('/assessments');
    expect(list.text).toContain('老字号公司尚未填写统一社会信用代码');
    expect(list.text).not.toContain('新字号公司尚未填写');
    const profile = await a.get(`/orgs/${org.id}/profile`);
    expect(profile.text).toContain('贵组织尚未填写统一社会信用代码');
    const code = nextCreditCode();
    expect((await submitForm(a, `/orgs/${org.id}/profile`, { orgName: '老字号公司', creditCode: code, province: '330000', industry: 'retail', sizeBand: 'small' })).status).toBe(303);
    expect((await a.get('/assessments')).text).not.toContain('尚未填写统一社会信用代码');
  });
});

describe('reports and pages in English', () => {
  it('name the organization by its English name with its credit code', async () => {
    const a = agent(t.app);
    const code = nextCreditCode();
    await registerOrg(a, 'english@example.com', '英文名有限公司', { creditCode: code, nameEn: 'English Name Co., Ltd.' });
    const id = await startAssessment(a);
    const en = pdfText((await a.get(`/assessments/${id}/report.pdf?lang=en`).buffer(true).parse(binaryParser)).body);
    expect(en).toContain('English Name Co., Ltd.');
    expect(en).not.toContain('英文名有限公司');
    expect(en).toContain(code);
    expect(en).toContain('Guangdong');
    const zh = pdfText((await a.get(`/assessments/${id}/report.pdf?lang=zh-CN`).buffer(true).parse(binaryParser)).body);
    expect(zh).toContain('英文名有限公司');
    expect(zh).toContain(code);
    const page = await a.get(`/assessments/${id}`).set('Cookie', 'lang=en');
    expect(page.text).toContain(`English Name Co., Ltd. (${code})`);
    expect((await a.get('/assessments')).text).toContain(`英文名有限公司（${code}）`);
  });
});
