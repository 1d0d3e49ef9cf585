import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueOnceToken, verifyOnceToken } from '../../server/http/once.js';
import { agent, createTestApp, csrfTokenIn, onceTokenIn, registerOrg, setupAdmin, type Agent, type TestApp } from '../helpers/app.js';

let t: TestApp;
let a: Agent;
let orgId: string;
beforeAll(async () => {
  t = await createTestApp();
  await setupAdmin(agent(t.app));
  a = agent(t.app);
  await registerOrg(a, 'once@example.com');
  orgId = /name="orgId" value="([^"]+)"/.exec((await a.get('/assessments')).text)![1];
});
afterAll(() => t.close());

const countAssessments = async () => (await t.ctx.db.selectFrom('assessments').select('id').execute()).length;

describe('one-time form tokens', () => {
  it('are signed for one user and one purpose, and expire after a day', () => {
    const token = issueOnceToken('secret', 'user-1', 'assessment.start');
    expect(verifyOnceToken('secret', 'user-1', 'assessment.start', token)).toBeTruthy();
    expect(verifyOnceToken('secret', 'user-2', 'assessment.start', token)).toBeUndefined();
    expect(verifyOnceToken('secret', 'user-1', 'assessment.submit', token)).toBeUndefined();
    expect(verifyOnceToken('other secret', 'user-1', 'assessment.start', token)).toBeUndefined();
    expect(verifyOnceToken('secret', 'user-1', 'assessment.start', token, Date.now() + 25 * 3600_000)).toBeUndefined();
    expect(verifyOnceToken('secret', 'user-1', 'assessment.start', 'garbage')).toBeUndefined();
  });

  it(`make five concurrent posts of one start form create one assessment (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, async () => {
    const before = await countAssessments();
    const page = await a.get('/assessments');
    const fields = { _csrf: csrfTokenIn(page.text), _once: onceTokenIn(page.text, '/assessments')!, orgId, questionnaireId: 'mini', title: '双击' };
    const responses = await Promise.all(Array.from({ length: 5 }, () => a.post('/assessments').type('form').send(fields)));
    expect(responses.map((r) => r.status)).toEqual([303, 303, 303, 303, 303]);
    expect(new Set(responses.map((r) => r.headers.location)).size).toBe(1);
    expect(await countAssessments()).toBe(before + 1);
    const audit = await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'assessment.started').execute();
    expect(audit).toHaveLength(before + 1);
    // The same form sent again later: the same answer, still one assessment.
    const again = await a.post('/assessments').type('form').send(fields);
    expect(again.headers.location).toBe(responses[0].headers.location);
    expect(await countAssessments()).toBe(before + 1);
    // A new view of the form starts a new one.
    const next = await a.get('/assessments');
    const other = await a.post('/assessments').type('form').send({ ...fields, _csrf: csrfTokenIn(next.text), _once: onceTokenIn(next.text, '/assessments')! });
    expect(other.headers.location).not.toBe(responses[0].headers.location);
    expect(await countAssessments()).toBe(before + 2);
  });

  it('refuse a form without its token as a stale form, creating nothing', async () => {
    const before = await countAssessments();
    const page = await a.get('/assessments');
    const res = await a.post('/assessments').type('form').set('Referer', 'http://127.0.0.1/assessments').send({ _csrf: csrfTokenIn(page.text), orgId, questionnaireId: 'mini' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/assessments');
    expect((await a.get('/assessments')).text).toContain('此表单已过期，请重试。');
    expect(await countAssessments()).toBe(before);
  });
});
