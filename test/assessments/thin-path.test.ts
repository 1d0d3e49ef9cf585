import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, answerSection, createTestApp, registerOrg, setupAdmin, startAssessment, type TestApp } from '../helpers/app.js';
import { binaryParser, pdfFonts, pdfText } from '../helpers/pdf.js';
import { formTokensIn } from '../../scripts/lib/http-client.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await setupAdmin(agent(t.app));
});
afterAll(() => t.close());

const fullGov = { 'g-ladder': '2', 'g-1': '1', 'g-2': '0.8', 'g-llm': 'no', 'g-4': '0.5', 'g-5': '0' };
const fullTech = { 't-single': 'pipeline', 't-1': '1', 't-multi': ['drift', 'latency'], 't-2': '1', 't-num': '4', 't-3': '0.5', 't-4': '0', 't-4b': '0', 't-5': '0', 't-5b': '0', 't-text': '质检视觉模型' };

describe('the thin path: register, start, answer, submit, score, PDF', () => {
  it('registers an organization, answers every section, submits and shows the score', async () => {
    const a = agent(t.app);
    const reg = await registerOrg(a, 'org-admin@example.com');
    expect(reg.status).toBe(303);
    expect(reg.headers.location).toBe('/assessments');

    const id = await startAssessment(a);
    const overview = await a.get(`/assessments/${id}`);
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('战略与治理');
    expect(overview.text).toContain('数据不足');

    expect((await answerSection(a, id, 'gov', fullGov, { go: 'next' })).headers.location).toBe(`/assessments/${id}/sections/tech`);
    expect((await answerSection(a, id, 'tech', fullTech)).status).toBe(303);

    const overviewPage = (await a.get(`/assessments/${id}`)).text;
    const submitted = await a.post(`/assessments/${id}/submit`).type('form').send(Object.fromEntries(formTokensIn(overviewPage, `/assessments/${id}/submit`)));
    expect(submitted.status).toBe(303);
    expect(submitted.headers.location).toBe(`/assessments/${id}`);
    const after = await a.get(`/assessments/${id}`);
    // The status tag, and the one-time message after the action (gone on the next view).
    expect(after.text).toContain('<span class="status status-submitted">已提交</span>');
    expect(after.text).toContain('评估已提交');
    expect((await a.get(`/assessments/${id}`)).text).not.toContain('评估已提交');
    // gov L1: ladder(2)→1, g-1 1 → 1; tech L1: single 1, t-1 1 → 1; T(1) = 1.
    // gov L2: ladder 1, g-2 0.8 → 0.9; tech L2: multi 0.7, t-2 1 → 0.85; T(2) = 0.4·0.9 + 0.6·0.85 = 0.87.
    // gov L3: ladder 0, g-llm 0 → 0; tech L3: num 0.5, t-3 0.5 → 0.5; T(3) = 0.3 → S = 2.3.
    expect(after.text).toContain('规范级');
    expect(after.text).toContain('2.30');

    const pdf = await a.get(`/assessments/${id}/report.pdf?lang=zh-CN`).buffer(true).parse(binaryParser);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.body);
    expect(text).toContain('人工智能能力成熟度评估报告');
    expect(text).toContain('示例制造有限公司');
    expect(text).toContain('2.30');
    expect(pdfFonts(pdf.body)).toMatch(/NotoSansSC.*yes\s+yes/);
  });

  it('keeps what was typed and says what is wrong when an answer is invalid', async () => {
    const a = agent(t.app);
    await registerOrg(a, 'typo@example.com', '另一家公司');
    const id = await startAssessment(a);
    const res = await answerSection(a, id, 'tech', { 't-num': 'twelve', 't-1': '0.8' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('请输入数字');
    expect(res.text).toContain('value="twelve"');
    const page = await a.get(`/assessments/${id}/sections/tech`);
    expect(page.text).toMatch(/name="a\[t-1\]" value="0.8" checked/);
  });

  it('shows a follow-up question only when the earlier answer calls for it', async () => {
    const a = agent(t.app);
    await registerOrg(a, 'skip@example.com', '跳题公司');
    const id = await startAssessment(a);
    expect((await a.get(`/assessments/${id}/sections/gov`)).text).not.toContain('g-llm-eval');
    await answerSection(a, id, 'gov', { 'g-llm': 'yes' });
    expect((await a.get(`/assessments/${id}/sections/gov`)).text).toContain('g-llm-eval');
  });

  it("refuses another organization's assessment with 403 and an unknown one with 404", async () => {
    const owner = agent(t.app);
    await registerOrg(owner, 'owner@example.com', '甲公司');
    const id = await startAssessment(owner);
    const other = agent(t.app);
    await registerOrg(other, 'other@example.com', '乙公司');
    expect((await other.get(`/assessments/${id}`)).status).toBe(403);
    expect((await other.get(`/assessments/${id}/report.pdf`)).status).toBe(403);
    expect((await other.get(`/assessments/${id}/sections/gov`)).status).toBe(403);
    expect((await other.get('/assessments/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });
});

function csrf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1];
}



describe('autosave', () => {
  it('saves in the background, reports invalid answers by question, and asks for a reload when skip logic changes', async () => {
    const a = agent(t.app);
    await registerOrg(a, 'autosave@example.com', '自动保存公司');
    const id = await startAssessment(a);
    const page = await a.get(`/assessments/${id}/sections/gov`);
    expect(page.text).toContain('data-autosave');
    const post = (fields: Record<string, unknown>) =>
      a.post(`/assessments/${id}/sections/gov`).set('Accept', 'application/json').type('form').send({ _csrf: csrf(page.text), go: 'autosave', ...fields });

    const ok = await post({ shown: { 'g-1': '1' }, a: { 'g-1': '0.8' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ saved: 1, errors: {}, reload: false, progress: { answered: 1 } });

    const bad = await post({ shown: { 'g-2': '1' }, a: { 'g-2': '0.7' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors['g-2']).toContain('全部满足');

    const reveal = await post({ shown: { 'g-llm': '1' }, a: { 'g-llm': 'yes' } });
    expect(reveal.body.reload).toBe(true);
    expect((await a.get(`/assessments/${id}/sections/gov`)).text).toMatch(/name="a\[g-1\]" value="0.8" checked/);
  });
});
