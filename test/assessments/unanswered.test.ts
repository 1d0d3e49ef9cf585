import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScore } from '../../server/record/scores-repo.js';
import { agent, answerSection, createTestApp, registerOrg, setupAdmin, startAssessment, type Agent, type TestApp } from '../helpers/app.js';
import { binaryParser, pdfText } from '../helpers/pdf.js';
import { formTokensIn } from '../../scripts/lib/http-client.js';
import { GOV, TECH } from '../helpers/review.js';

let t: TestApp;
let org: Agent;
let id: string;
const squash = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  t = await createTestApp();
  await setupAdmin(agent(t.app));
  org = agent(t.app);
  await registerOrg(org, 'client@example.com');
  id = await startAssessment(org);
  await answerSection(org, id, 'gov', GOV);
  const { 't-4': _skipped, 't-5b': _alsoSkipped, ...mostOfTech } = TECH;
  await answerSection(org, id, 'tech', mostOfTech);
});
afterAll(() => t.close());

describe('what was not answered', () => {
  it('keeps unanswered requirements out of the improvement plan and lists them as to answer', async () => {
    const result = (await loadScore(t.ctx.db, id))!;
    expect(result.unanswered).toEqual(['t-4', 't-5b']);
    const planned = [...(result.gap?.plan ?? []), ...(result.gap?.further ?? [])].map((p) => p.questionId);
    expect(planned).not.toContain('t-4');
    expect(planned).not.toContain('t-5b');
  });

  it('refuses to submit with the list of what is missing, linked to each question, and submits once all is answered', async () => {
    const page = await org.get(`/assessments/${id}`);
    expect(page.text).toContain('还有 2 道适用题目未作答');
    expect(page.text).toContain(`/assessments/${id}/sections/tech#q-t-4`);
    expect(page.text).toContain('从上次停下的地方继续');
    const tokens = () => Object.fromEntries(formTokensIn(page.text, `/assessments/${id}/submit`));
    const refused = await org.post(`/assessments/${id}/submit`).type('form').send(tokens());
    expect(refused.status).toBe(409);
    expect(refused.text).toContain(`/assessments/${id}/sections/tech#q-t-5b`);
    const json = await org.post(`/assessments/${id}/submit`).set('Accept', 'application/json').type('form').send(tokens());
    expect(json.status).toBe(409);
    expect(json.body.unanswered).toEqual(['t-4', 't-5b']);

    const pdf = await org.get(`/assessments/${id}/report.pdf?lang=zh-CN`).buffer(true).parse(binaryParser);
    const text = squash(pdfText(pdf.body));
    expect(text).toContain(squash('结果为暂定：还有 2 道适用题目未作答'));
    expect(text).toContain(squash('待作答（2 题）'));

    await answerSection(org, id, 'tech', TECH);
    expect((await loadScore(t.ctx.db, id))!.unanswered).toEqual([]);
    const ready = await org.get(`/assessments/${id}`);
    expect((await org.post(`/assessments/${id}/submit`).type('form').send(Object.fromEntries(formTokensIn(ready.text, `/assessments/${id}/submit`)))).status).toBe(303);
  });
});

describe('the improvement plan on the page, with a what-if planner', () => {
  it('shows the plan and computes what ticked requirements would give, as the scoring does', async () => {
    const { whatIf } = await import('../../server/domain/scoring/what-if.js');
    const { effectiveAnswersOf } = await import('../../server/domain/record/snapshot.js');
    const { listSignedReports } = await import('../../server/record/signed-repo.js');
    expect(await listSignedReports(t.ctx.db, id)).toEqual([]);
    const result = (await loadScore(t.ctx.db, id))!;
    const page = await org.get(`/assessments/${id}/plan`);
    expect(page.status).toBe(200);
    for (const p of result.gap!.plan) expect(page.text).toContain(`value="${p.questionId}:${p.level}" checked`);
    // Tick one unmet requirement only: the page's figures equal the domain's what-if for it.
    const chosen = await org.get(`/assessments/${id}/plan?planned=1&met=t-5:5`);
    const q = t.ctx.catalog.get('mini', '1.0.0');
    const { loadAnswers } = await import('../../server/record/answers-repo.js');
    const expected = whatIf(q, await loadAnswers(t.ctx.db, id), [{ questionId: 't-5', level: 5 }]);
    expect(chosen.text).toContain(`value="t-5:5" checked`);
    expect(chosen.text).toContain(`<strong>${expected.provisional.score.toFixed(2)}</strong>`);
    void effectiveAnswersOf;
  });
});

describe('the start form', () => {
  it('offers each questionnaire its own weight profiles, with the one made for the organization\'s industry chosen', async () => {
    const { suggestedProfile } = await import('../../server/assessments/service.js');
    const enterprise = t.ctx.catalog.latest().find((q) => q.id === 'mini')!;
    expect(suggestedProfile({ ...enterprise, weightProfiles: [{ ...enterprise.weightProfiles[0], id: 'manufacturing' }] }, 'manufacturing-discrete')).toBe('manufacturing');
    expect(suggestedProfile(enterprise, 'finance')).toBe('');
    const page = await org.get('/assessments');
    const forms = page.text.split('<form method="post" action="/assessments"').slice(1);
    expect(forms.length).toBe(t.ctx.catalog.latest().length);
    for (const q of t.ctx.catalog.latest()) {
      const form = forms.find((f) => f.includes(`name="questionnaireId" value="${q.id}"`))!;
      for (const p of q.weightProfiles) expect(form).toContain(`value="${p.id}"`);
    }
  });
});
