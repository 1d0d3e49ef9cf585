// Moving a draft to a newer questionnaire version, on a deployment that ships mini 1.0.0 and 1.1.0
// (test/fixtures/questionnaire-versions): t-5b removed, t-5c added, t-num's range narrowed to 0..10.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAnswers } from '../../server/record/answers-repo.js';
import { loadScore } from '../../server/record/scores-repo.js';
import { insertAssessment } from '../../server/record/assessments-repo.js';
import { newId, nowIso } from '../../server/db/ids.js';
import { agent, answerSection, createTestApp, csrfTokenIn, registerOrg, setupAdmin, type Agent, type TestApp } from '../helpers/app.js';
import { GOV, TECH, submit } from '../helpers/review.js';
import { binaryParser, pdfText } from '../helpers/pdf.js';

let t: TestApp;
let org: Agent;
let draftId: string;
let submittedId: string;

/** An assessment pinned to mini 1.0.0, as one started before 1.1.0 was published. */
async function onOldVersion(): Promise<string> {
  const user = await t.ctx.db.selectFrom('users').select('id').where('email', '=', 'client@example.com').executeTakeFirstOrThrow();
  const membership = await t.ctx.db.selectFrom('memberships').select('org_id').where('user_id', '=', user.id).executeTakeFirstOrThrow();
  const now = nowIso();
  const id = newId();
  await insertAssessment(t.ctx.db, {
    id, org_id: membership.org_id, questionnaire_id: 'mini', questionnaire_version: '1.0.0', weight_profile: null, title: 'v1', status: 'draft',
    created_by: user.id, created_at: now, updated_at: now, submitted_at: null, finalized_at: null, finalized_by: null,
  });
  await answerSection(org, id, 'gov', GOV);
  await answerSection(org, id, 'tech', TECH);
  return id;
}

beforeAll(async () => {
  t = await createTestApp({ QUESTIONNAIRE_DIR: resolve(import.meta.dirname, '../fixtures/questionnaire-versions') });
  await setupAdmin(agent(t.app));
  org = agent(t.app);
  await registerOrg(org, 'client@example.com');
  draftId = await onOldVersion();
  submittedId = await onOldVersion();
  expect((await submit(org, submittedId)).status).toBe(303);
});
afterAll(() => t.close());

describe('moving a draft to a new questionnaire version', () => {
  it('keeps an assessment on 1.0.0 working: it opens, scores and reports', async () => {
    expect((await org.get(`/assessments/${draftId}`)).text).toContain('v1.0.0');
    expect((await loadScore(t.ctx.db, draftId))!.status).toBe('ok');
    const pdf = await org.get(`/assessments/${draftId}/report.pdf?lang=en`).buffer(true).parse(binaryParser);
    expect(pdfText(pdf.body)).toContain('v1.0.0');
  });

  it('previews what carries over, what is dropped and what needs an answer, then moves exactly that', async () => {
    const overview = await org.get(`/assessments/${draftId}`);
    expect(overview.text).toContain(`/assessments/${draftId}/move`);
    const preview = await org.get(`/assessments/${draftId}/move`);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('不再保留的答案（2）');
    expect(preview.text).toMatch(/t-5b[\s\S]*新版本中已删除/);
    expect(preview.text).toMatch(/t-num[\s\S]*题目已改变/);
    expect(preview.text).toContain('需要作答的要求');
    const before = await loadAnswers(t.ctx.db, draftId);
    // As if 1.0.0 had a dimension 1.1.0 no longer has: its stored figures go with the move.
    await t.ctx.db.insertInto('dimension_scores').values({ assessment_id: draftId, dimension_id: 'dropped-dimension', level: 2, score: 2.5 }).execute();

    const moved = await org.post(`/assessments/${draftId}/move`).type('form').send({ _csrf: csrfTokenIn(preview.text), version: '1.1.0' });
    expect(moved.status).toBe(303);
    const row = await t.ctx.db.selectFrom('assessments').select('questionnaire_version').where('id', '=', draftId).executeTakeFirstOrThrow();
    expect(row.questionnaire_version).toBe('1.1.0');
    const after = await loadAnswers(t.ctx.db, draftId);
    const expected = new Map([...before].filter(([id]) => id !== 't-5b' && id !== 't-num'));
    expect(after).toEqual(expected);
    expect((await loadScore(t.ctx.db, draftId))!.unanswered).toEqual(expect.arrayContaining(['t-num', 't-5c', 'g-llm-eval']));
    const dimensions = await t.ctx.db.selectFrom('dimension_scores').select('dimension_id').where('assessment_id', '=', draftId).orderBy('dimension_id').execute();
    expect(dimensions.map((d) => d.dimension_id)).toEqual(['gov', 'tech']);
    const audit = await t.ctx.db.selectFrom('audit_log').select('detail_json').where('assessment_id', '=', draftId).where('action', '=', 'assessment.version-moved').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail_json)).toMatchObject({ from: '1.0.0', to: '1.1.0', dropped: ['t-num', 't-5b'] });
  });

  it('never moves a submitted assessment', async () => {
    const page = await org.get(`/assessments/${submittedId}`);
    expect(page.text).not.toContain(`/assessments/${submittedId}/move`);
    expect((await org.get(`/assessments/${submittedId}/move`)).status).toBe(409);
    const res = await org.post(`/assessments/${submittedId}/move`).type('form').send({ _csrf: csrfTokenIn(page.text), version: '1.1.0' });
    expect(res.status).toBe(409);
  });
});
