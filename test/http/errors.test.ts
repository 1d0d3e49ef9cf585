import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../server/http/errors.js';
import { agent, createTestApp, registerOrg, setupAdmin, submitForm, type TestApp } from '../helpers/app.js';

let t: TestApp;
const savedEnv = process.env.NODE_ENV;
beforeAll(async () => {
  // The development mode Express would show stacks in; the app must not, whatever NODE_ENV says.
  process.env.NODE_ENV = 'development';
  t = await createTestApp();
  await setupAdmin(agent(t.app));
});
afterAll(async () => {
  process.env.NODE_ENV = savedEnv;
  await t.close();
});

const leaks = (text: string) => [/\bat .+\.(ts|js):\d+/, /node_modules/, /\/work\/|\/home\/|\/tmp\//, /<%/, /Error:/].filter((re) => re.test(text));

describe('a stale form', () => {
  it('signed in, leads back to the page it came from saying the form expired, and loses nothing saved', async () => {
    const a = agent(t.app);
    await registerOrg(a, 'stale@example.com', '过期表单公司');
    await submitForm(a, '/assessments', { questionnaireId: 'mini', title: '已保存的评估', orgId: /name="orgId" value="([^"]+)"/.exec((await a.get('/assessments')).text)![1] });
    // A token from before sign-in (bound to no session) is stale once signed in.
    const before = agent(t.app);
    const oldPage = await before.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(oldPage.text)![1];
    const res = await a.post('/assessments').type('form').set('Referer', 'http://127.0.0.1/assessments').send({ _csrf: token, questionnaireId: 'mini', title: '新的' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/assessments');
    const page = await a.get('/assessments');
    expect(page.status).toBe(200);
    expect(page.text).toContain('此表单已过期，请重试。');
    expect(page.text).toContain('已保存的评估');
    expect(page.text).not.toContain('新的');
    expect(leaks(page.text)).toEqual([]);
    // The notice shows once.
    expect((await a.get('/assessments')).text).not.toContain('此表单已过期');
  });

  it('sent another way than a form post gets a plain error page with the signed-in header, no stack', async () => {
    const a = agent(t.app, 'en');
    await registerOrg(a, 'stale-put@example.com', 'Stale Ltd');
    const res = await a.put('/assessments').set('Accept', 'text/html').send({ any: 'thing' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form expired, please try again.');
    expect(res.text).toContain('action="/logout"');
    expect(leaks(res.text)).toEqual([]);
    const json = await a.post('/assessments').set('Accept', 'application/json').send({});
    expect(json.status).toBe(403);
    expect(json.body.error).toBe('This form expired, please try again.');
  });
});

describe('error pages', () => {
  it('show no stack, path or template source for a server error', async () => {
    const broken = await createTestApp();
    await broken.ctx.db.destroy();
    const res = await agent(broken.app, 'en').get('/');
    expect(res.status).toBe(500);
    expect(res.text).toContain('Server error');
    expect(leaks(res.text)).toEqual([]);
    await broken.database.dispose().catch(() => undefined);
  });

  it('fall back to a fixed page when the error page itself cannot render', async () => {
    const views = mkdtempSync(join(tmpdir(), 'zhiping-views-'));
    try {
      writeFileSync(join(views, 'error.ejs'), '<p><%= notDefinedAnywhere.deeper %></p>');
      const app = express();
      app.set('views', views);
      app.set('view engine', 'ejs');
      app.set('env', 'production');
      app.get('/boom', () => {
        throw new Error(`kaboom in ${views}/secret.ts`);
      });
      app.use(errorHandler(pino({ level: 'silent' }), false));
      const res = await request(app).get('/boom');
      expect(res.status).toBe(500);
      expect(res.text).toContain('<h1>500</h1>');
      expect(res.text).not.toContain('kaboom');
      expect(res.text).not.toContain('notDefinedAnywhere');
      expect(leaks(res.text)).toEqual([]);
    } finally {
      rmSync(views, { recursive: true, force: true });
    }
  });
});

describe('error pages lead back', () => {
  it('link to the page the user came from (same site only)', async () => {
    const { createTestApp, agent } = await import('../helpers/app.js');
    const app = await createTestApp();
    try {
      const res = await agent(app.app).get('/no-such-page').set('Referer', 'http://127.0.0.1/questionnaires');
      expect(res.status).toBe(404);
      expect(res.text).toContain('href="/questionnaires"');
      const foreign = await agent(app.app).get('/no-such-page').set('Referer', 'https://evil.example/x');
      expect(foreign.text).not.toContain('evil.example');
    } finally {
      await app.close();
    }
  });
});
