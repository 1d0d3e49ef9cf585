import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, createTestApp, registerOrg, setupAdmin, submitForm, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await setupAdmin(agent(t.app));
});
afterAll(() => t.close());

describe('health, errors, languages and headers', () => {
  it('answers /healthz with status ok once the database is open and migrated', async () => {
    const res = await agent(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('shows a 404 page in Chinese by default and in English when asked', async () => {
    const zh = await agent(t.app).get('/no/such/page');
    expect(zh.status).toBe(404);
    expect(zh.text).toContain('页面不存在');
    const en = await agent(t.app, 'en').get('/no/such/page');
    expect(en.status).toBe(404);
    expect(en.text).toContain('Not found');
    expect(en.text).toContain('<html lang="en">');
  });

  it('answers JSON clients with a JSON error', async () => {
    const res = await agent(t.app).get('/nowhere').set('Accept', 'application/json');
    expect(res.status).toBe(404);
    expect(res.body.status).toBe(404);
  });

  it('remembers the language switch in a cookie', async () => {
    const a = agent(t.app);
    const sw = await a.get('/lang?to=en&next=/questionnaires');
    expect(sw.status).toBe(303);
    expect(sw.headers.location).toBe('/questionnaires');
    const page = await a.get('/questionnaires');
    expect(page.text).toContain('Questionnaires');
    expect(page.text).toContain('Mini questionnaire');
    const back = await a.get('/lang?to=zh-CN&next=//evil.example.com');
    expect(back.headers.location).toBe('/');
    expect((await a.get('/questionnaires')).text).toContain('迷你问卷');
  });

  it('sends a Content-Security-Policy and no x-powered-by', async () => {
    const res = await agent(t.app).get('/login');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('escapes what users typed', async () => {
    const a = agent(t.app);
    await registerOrg(a, 'xss@example.com', '<script>alert(1)</script>');
    const page = await a.get('/assessments');
    await submitForm(a, '/assessments', { orgId: /name="orgId" value="([^"]+)"/.exec(page.text)![1], questionnaireId: 'mini', title: '<img src=x onerror=alert(1)>' });
    const list = await a.get('/assessments');
    expect(list.text).not.toContain('<img src=x');
    expect(list.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('re-renders registration with messages next to the fields and the input kept', async () => {
    const res = await submitForm(agent(t.app), '/register', { orgName: '保留的名称', industry: '', sizeBand: 'huge', name: '', email: 'not-an-email', password: 'short', passwordConfirm: 'short' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('value="保留的名称"');
    expect(res.text).toContain('value="not-an-email"');
    expect(res.text).toContain('id="email-error">请输入有效的电子邮箱地址');
    expect(res.text).toContain('id="password-error">密码至少需要 10 个字符');
    expect(res.text).toContain('id="industry-error">请选择一项');
  });

  it('lists the published questionnaires and previews one in both languages', async () => {
    const zh = await agent(t.app).get('/questionnaires/mini/1.0.0');
    expect(zh.status).toBe(200);
    expect(zh.text).toContain('有人工智能负责人');
    const en = await agent(t.app, 'en').get('/questionnaires/mini/1.0.0');
    expect(en.text).toContain('An AI owner is named');
    expect(en.text).toContain('Shown only when the answer to g-llm is');
    expect((await agent(t.app).get('/questionnaires/mini/9.9.9')).status).toBe(404);
  });
});

describe('a server error', () => {
  it('shows a 500 page with a reference in the visitor language and keeps serving', async () => {
    const broken = await createTestApp();
    await broken.ctx.db.destroy();
    const res = await agent(broken.app, 'en').get('/');
    expect(res.status).toBe(500);
    expect(res.text).toContain('Server error');
    expect(res.text).toMatch(/Error reference: <code>[0-9a-f-]{36}<\/code>/);
    const zh = await agent(broken.app).get('/');
    expect(zh.text).toContain('服务器错误');
    await broken.database.dispose().catch(() => undefined);
  });
});

describe('page titles and sign-in', () => {
  it('names whose list it is, and says why a sign-in is asked for', async () => {
    const { createTestApp, agent, setupAdmin, registerOrg } = await import('../helpers/app.js');
    const app = await createTestApp();
    try {
      const admin = agent(app.app);
      await setupAdmin(admin);
      expect((await admin.get('/assessments')).text).toContain('<h1>全部评估</h1>');
      const org = agent(app.app);
      await registerOrg(org, 'titles@example.com');
      expect((await org.get('/assessments')).text).toContain('<h1>我的评估</h1>');
      const visitor = agent(app.app);
      const redirected = await visitor.get('/assessments');
      expect(redirected.status).toBe(303);
      expect((await visitor.get(redirected.headers.location)).text).toContain('请先登录：您要打开的页面需要登录');
    } finally {
      await app.close();
    }
  });
});
