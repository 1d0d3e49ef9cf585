import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCommonPassword } from '../../server/auth/common-passwords.js';
import { agent, createTestApp, nextCreditCode, PASSWORD, registerOrg, setupAdmin, signInAs, submitForm, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await setupAdmin(agent(t.app));
});
afterAll(() => t.close());

const registration = (email: string, orgName: string, password = PASSWORD) => ({
  orgName,
  creditCode: nextCreditCode(),
  province: '310000',
  industry: 'finance',
  sizeBand: 'small',
  name: '赵六',
  email,
  password,
  passwordConfirm: password,
});

describe('registration does not reveal which e-mails exist', () => {
  it('answers a taken e-mail exactly as a new one, and tells the owner in the app', async () => {
    const visitor = agent(t.app);
    const fresh = await submitForm(visitor, '/register', registration('new@example.com', '新公司'));
    const taken = await submitForm(agent(t.app), '/register', registration('NEW@example.com', '冒名公司', 'another password 42'));
    for (const res of [fresh, taken]) {
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login');
      expect(res.headers['set-cookie']?.toString() ?? '').not.toContain('zhiping.sid');
    }
    // The message is shown once, on the next page, without a flag in the address.
    expect((await visitor.get('/login')).text).toContain('注册申请已收到');
    expect((await visitor.get('/login')).text).not.toContain('注册申请已收到');
    expect(await t.ctx.db.selectFrom('organizations').select('name').execute()).toEqual([{ name: '新公司' }]);

    const owner = agent(t.app);
    expect((await signInAs(owner, 'new@example.com')).status).toBe(303);
    const list = await owner.get('/assessments');
    expect(list.text).toMatch(/class="badge"[^>]*>1</);
    const notifications = await owner.get('/notifications');
    expect(notifications.text).toContain('有人尝试用您的邮箱注册组织“冒名公司”');
    const open = /href="(\/notifications\/[^"]+\/open)"/.exec(notifications.text)![1];
    expect((await owner.get(open)).headers.location).toBe('/notifications');
    expect((await owner.get('/assessments')).text).not.toContain('class="badge"');
  });

  it('signs in with the same message whether the e-mail is unknown or the password wrong', async () => {
    const unknown = await submitForm(agent(t.app), '/login', { email: 'ghost@example.com', password: 'whatever 12345' });
    const wrong = await submitForm(agent(t.app), '/login', { email: 'new@example.com', password: 'whatever 12345' });
    expect(unknown.status).toBe(wrong.status);
    const message = (html: string) => /<div class="alert error" role="alert">([\s\S]*?)<\/div>/.exec(html)?.[1].trim();
    expect(message(unknown.text)).toBe(message(wrong.text));
  });
});

describe('passwords', () => {
  it('refuses one on the shipped common-password list, and nothing else but length', async () => {
    expect(isCommonPassword('qwertyuiop')).toBe(true);
    expect(isCommonPassword('Password123')).toBe(true);
    expect(isCommonPassword(PASSWORD)).toBe(false);
    const common = await submitForm(agent(t.app), '/register', registration('common@example.com', '常见密码公司', '1234567890'));
    expect(common.status).toBe(400);
    expect(common.text).toContain('此密码在常见密码列表中');
    expect(common.text).toContain('value="常见密码公司"');
    const short = await submitForm(agent(t.app), '/register', registration('short@example.com', '短密码公司', 'abc'));
    expect(short.text).toContain('密码至少需要 10 个字符');
    // Lower case only, no digits, no symbols: fine.
    expect((await registerOrg(agent(t.app), 'plain@example.com', '简单公司', { password: 'just lower case words', passwordConfirm: 'just lower case words' })).status).toBe(303);
  });
});
