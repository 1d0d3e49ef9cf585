import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, answerSection, createTestApp, csrfTokenIn, PASSWORD, registerOrg, setupAdmin, startAssessment, submitForm, type Agent, type TestApp } from '../helpers/app.js';
import { binaryParser, pdfText } from '../helpers/pdf.js';

let t: TestApp;
let admin: Agent;
let org: Agent;
let consultant: Agent;
let id: string;

const gov = { 'g-ladder': '3', 'g-1': '1', 'g-2': '1', 'g-llm': 'no', 'g-4': '0.5', 'g-5': '0' };
const tech = { 't-single': 'pipeline', 't-1': '1', 't-multi': ['drift', 'latency', 'accuracy'], 't-2': '0.8', 't-num': '12', 't-3': '0.8', 't-4': '0', 't-4b': '0.5', 't-5': '0', 't-5b': '0' };

async function review(a: Agent, action: string, note?: string) {
  const page = await a.get(`/assessments/${id}`);
  return a.post(`/assessments/${id}/review`).type('form').send({ _csrf: csrfTokenIn(page.text), action, ...(note !== undefined ? { note } : {}) });
}

async function submit(a: Agent) {
  const page = await a.get(`/assessments/${id}`);
  return a.post(`/assessments/${id}/submit`).type('form').send({ _csrf: csrfTokenIn(page.text) });
}

beforeAll(async () => {
  t = await createTestApp();
  admin = agent(t.app);
  await setupAdmin(admin);
  org = agent(t.app);
  await registerOrg(org, 'client@example.com', '客户公司');
  id = await startAssessment(org);
  await answerSection(org, id, 'gov', gov);
  await answerSection(org, id, 'tech', tech);
  expect((await submit(org)).status).toBe(303);

  const created = await submitForm(admin, '/admin', { name: '王顾问', email: 'wang@consult.example', password: PASSWORD, passwordConfirm: PASSWORD }, '/admin/consultants');
  expect(created.status).toBe(303);
  const page = await admin.get('/admin');
  const orgId = /<option value="([^"]+)">客户公司<\/option>/.exec(page.text)![1];
  const consultantId = /<option value="([^"]+)">王顾问/.exec(page.text)![1];
  expect((await submitForm(admin, '/admin', { orgId, consultantId }, '/admin/assignments')).status).toBe(303);
  consultant = agent(t.app);
  await submitForm(consultant, '/login', { email: 'wang@consult.example', password: PASSWORD });
});
afterAll(() => t.close());

describe('consultant review and sign-off', () => {
  it('keeps the admin pages to platform admins', async () => {
    expect((await org.get('/admin')).status).toBe(403);
    expect((await consultant.get('/admin')).status).toBe(403);
    expect((await admin.get('/admin')).text).toContain('王顾问');
  });

  it('shows the assigned consultant the client assessment, and refuses a consultant of another org', async () => {
    expect((await consultant.get('/assessments')).text).toContain(`/assessments/${id}`);
    const other = agent(t.app);
    await submitForm(admin, '/admin', { name: '赵顾问', email: 'zhao@consult.example', password: PASSWORD, passwordConfirm: PASSWORD }, '/admin/consultants');
    await submitForm(other, '/login', { email: 'zhao@consult.example', password: PASSWORD });
    expect((await other.get(`/assessments/${id}`)).status).toBe(403);
    expect((await other.get(`/assessments/${id}/report.pdf`)).status).toBe(403);
  });

  it('does not let the organization sign off its own assessment', async () => {
    expect((await review(org, 'finalize')).status).toBe(403);
  });

  it('asks for changes with a written note that the organization sees, then accepts the resubmission', async () => {
    expect((await review(consultant, 'request-changes', '  ')).status).toBe(400);
    expect((await review(consultant, 'start-review')).status).toBe(303);
    expect((await review(consultant, 'request-changes', '请补充 t-3 的生命周期管理证据。')).status).toBe(303);
    const page = await org.get(`/assessments/${id}`);
    expect(page.text).toContain('需修改');
    expect(page.text).toContain('请补充 t-3 的生命周期管理证据。');
    expect((await answerSection(org, id, 'tech', { 't-3': '1' })).status).toBe(303);
    expect((await submit(org)).status).toBe(303);
  });

  it('signs off: the assessment is locked, the report names the signer, and the audit log has every step', async () => {
    expect((await review(consultant, 'finalize')).status).toBe(303);
    const page = await org.get(`/assessments/${id}`);
    expect(page.text).toContain('已定稿');
    expect(page.text).toContain('由 王顾问 于');
    expect((await answerSection(org, id, 'tech', { 't-3': '0' })).status).toBe(409);
    expect((await review(consultant, 'finalize')).status).toBe(409);

    const pdf = await org.get(`/assessments/${id}/report.pdf?lang=zh-CN`).buffer(true).parse(binaryParser);
    const text = pdfText(pdf.body);
    expect(text).toContain('由 王顾问 于');
    expect(text).not.toContain('草稿');
    expect(text).toContain('请补充 t-3 的生命周期管理证据。');

    const log = await t.ctx.db.selectFrom('audit_log').select('action').where('assessment_id', '=', id).orderBy('at').orderBy('id').execute();
    expect(log.map((r) => r.action)).toEqual([
      'assessment.started',
      'assessment.submitted',
      'assessment.start-review',
      'assessment.request-changes',
      'assessment.submitted',
      'assessment.finalize',
    ]);
  });
});
