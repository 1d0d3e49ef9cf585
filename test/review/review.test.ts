import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, answerSection, createTestApp, csrfTokenIn, PASSWORD, registerOrg, setupAdmin, startAssessment, submitForm, type Agent, type TestApp } from '../helpers/app.js';
import { binaryParser, pdfText } from '../helpers/pdf.js';
import { formTokensIn } from '../../scripts/lib/http-client.js';
import { assignConsultantAs, review as reviewAs } from '../helpers/review.js';

let t: TestApp;
let admin: Agent;
let org: Agent;
let consultant: Agent;
let id: string;

const gov = { 'g-ladder': '3', 'g-1': '1', 'g-2': '1', 'g-llm': 'no', 'g-4': '0.5', 'g-5': '0' };
const tech = { 't-single': 'pipeline', 't-1': '1', 't-multi': ['drift', 'latency', 'accuracy'], 't-2': '0.8', 't-num': '12', 't-3': '0.8', 't-4': '0', 't-4b': '0.5', 't-5': '0', 't-5b': '0' };

async function review(a: Agent, action: string, note?: string) {
  if (action === 'finalize') return reviewAs(a, id, action);
  const page = await a.get(`/assessments/${id}`);
  return a.post(`/assessments/${id}/review`).type('form').send({ ...Object.fromEntries(formTokensIn(page.text, `/assessments/${id}/review`)), action, ...(note !== undefined ? { note } : {}) });
}

async function submit(a: Agent) {
  const page = await a.get(`/assessments/${id}`);
  return a.post(`/assessments/${id}/submit`).type('form').send(Object.fromEntries(formTokensIn(page.text, `/assessments/${id}/submit`)));
}

async function storedLevelScore(level: number): Promise<number> {
  const row = await t.ctx.db.selectFrom('assessment_scores').select('result_json').where('assessment_id', '=', id).executeTakeFirstOrThrow();
  return JSON.parse(row.result_json).levelScores[level - 1];
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

  const created = await submitForm(admin, '/admin', { name: '王顾问', email: 'wang@consult.example', password: PASSWORD, passwordConfirm: PASSWORD, affiliation: '华信咨询有限公司' }, '/admin/consultants');
  expect(created.status).toBe(303);
  await assignConsultantAs(admin, '王顾问', '客户公司');
  consultant = agent(t.app);
  await submitForm(consultant, '/login', { email: 'wang@consult.example', password: PASSWORD });
});
afterAll(() => t.close());

describe('consultant review and sign-off', () => {
  it('keeps the admin pages to platform admins', async () => {
    expect((await org.get('/admin')).status).toBe(403);
    expect((await consultant.get('/admin')).status).toBe(403);
    const overview = (await admin.get('/admin')).text;
    expect(overview).toContain('王顾问');
    // Counted in the database, not listed: the overview stays one page at a thousand organizations.
    expect(overview).toContain('服务 1 家组织');
    expect(overview).toContain('已注册 1 家组织。');
    expect(overview).not.toContain('尚未分派顾问');
  });

  it('shows the assigned consultant the client assessment, and refuses a consultant of another org', async () => {
    expect((await consultant.get('/assessments')).text).toContain(`/assessments/${id}`);
    const other = agent(t.app);
    await submitForm(admin, '/admin', { name: '赵顾问', email: 'zhao@consult.example', password: PASSWORD, passwordConfirm: PASSWORD, affiliation: '华信咨询有限公司' }, '/admin/consultants');
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

  it('comments on a question and adjusts its score with a written reason; the stored score follows', async () => {
    const note = async (a: Agent, fields: Record<string, string>) => {
      const page = await a.get(`/assessments/${id}`);
      return a.post(`/assessments/${id}/notes`).type('form').send({ _csrf: csrfTokenIn(page.text), ...fields });
    };
    const scoreBefore = await storedLevelScore(4);
    expect((await note(org, { questionId: 't-4', text: '自评' })).status).toBe(403);
    expect((await note(consultant, { questionId: 't-num', adjustedValue: '1', text: '数值题不能调整' })).status).toBe(400);
    expect((await note(consultant, { questionId: 't-4', adjustedValue: '1', text: '' })).status).toBe(400);
    expect((await note(consultant, { questionId: 't-1', text: '模型清单请附上负责人一栏。' })).status).toBe(303);
    expect((await note(consultant, { questionId: 't-4', adjustedValue: '1', text: '现场查看了模型组合季度复盘记录，已按数据调整。' })).status).toBe(303);
    // tech L4: t-4 0 → 1 with t-4b 0.5 → tech L4 = 0.75 instead of 0.25; T(4) rises by 0.6 × 0.5 = 0.3.
    expect(await storedLevelScore(4)).toBeCloseTo(scoreBefore + 0.3, 4);
    const page = await org.get(`/assessments/${id}`);
    expect(page.text).toContain('模型清单请附上负责人一栏。');
    expect(page.text).toContain('评分调整为：全部满足');
  });

  it('signs off: the assessment is locked, the report names the signer, and the audit log has every step', async () => {
    expect((await review(consultant, 'finalize')).status).toBe(303);
    const page = await org.get(`/assessments/${id}`);
    expect(page.text).toContain('<span class="status status-finalized">已签署</span>');
    expect(page.text).toContain('由 王顾问 于');
    expect((await answerSection(org, id, 'tech', { 't-3': '0' })).status).toBe(409);
    expect((await review(consultant, 'finalize')).status).toBe(409);

    const pdf = await org.get(`/assessments/${id}/report.pdf?lang=zh-CN`).buffer(true).parse(binaryParser);
    const text = pdfText(pdf.body);
    expect(text).toContain('由 王顾问（华信咨询有限公司） 于');
    expect(text).not.toContain('草稿');
    expect(text).toContain('请补充 t-3 的生命周期管理证据。');
    expect(text).toContain('模型清单请附上负责人一栏。');
    expect(pdfText(pdf.body).replace(/\s+/g, '')).toContain('不满足→全部满足');
    expect(text).toContain('现场查看了模型组合季度复盘记录');

    const log = await t.ctx.db.selectFrom('audit_log').select('action').where('assessment_id', '=', id).orderBy('at').orderBy('id').execute();
    expect(log.map((r) => r.action)).toEqual([
      'assessment.started',
      'assessment.submitted',
      'assessment.start-review',
      'assessment.request-changes',
      'assessment.submitted',
      'assessment.adjusted',
      'assessment.finalize',
    ]);
    const afterFinal = await consultant.get(`/assessments/${id}`);
    const late = await consultant.post(`/assessments/${id}/notes`).type('form').send({ _csrf: csrfTokenIn(afterFinal.text), text: '太迟了' });
    expect(late.status).toBe(409);
  });
});

describe('messages after actions', () => {
  it('shows a one-time message after creating a consultant, and none on the next view', async () => {
    const created = await submitForm(admin, '/admin', { name: '钱顾问', email: 'qian@consult.example', password: PASSWORD, passwordConfirm: PASSWORD, affiliation: '华信咨询有限公司' }, '/admin/consultants');
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe('/admin');
    expect((await admin.get('/admin')).text).toContain('顾问账号已创建。');
    expect((await admin.get('/admin')).text).not.toContain('顾问账号已创建。');
  });
});
