// Starting a new assessment from the organization's last signed one: the signed answers (the
// organization's own, without evidence) are copied and marked carried over; each is confirmed as it is
// or changed; submission waits until none is left; a respondent confirms only in their own sections.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersOf } from '../../server/domain/record/snapshot.js';
import { newId, nowIso } from '../../server/db/ids.js';
import { loadAnswers } from '../../server/record/answers-repo.js';
import { insertAssessment } from '../../server/record/assessments-repo.js';
import { listSignedReports, type SignedReport } from '../../server/record/signed-repo.js';
import { agent, answerSection, createTestApp, csrfTokenIn, registerOrg, setupAdmin, submitForm, type Agent, type TestApp } from '../helpers/app.js';
import { confirmCarried, idFrom, offeredToStartFrom, signOff, startFrom } from '../helpers/carry.js';
import { createConsultant, GOV, login, note, review, submit, TECH } from '../helpers/review.js';
import { addMember, assign, userIdOf } from '../helpers/team.js';
import { formTokensIn } from '../../scripts/lib/http-client.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let t: TestApp;
let org: Agent;
let consultant: Agent;
/** The signed assessment, its sign-off, and what the start form offered before it was signed. */
let first: string;
let signed: SignedReport;
let offeredBeforeSignOff: string | undefined;

const answerRows = (id: string) =>
  t.ctx.db.selectFrom('answers').select(['question_id', 'value_json', 'revision', 'carried_from']).where('assessment_id', '=', id).orderBy('question_id').execute();
const revisionRows = (id: string, questionId: string) =>
  t.ctx.db.selectFrom('answer_revisions').select(['revision', 'carried_from']).where('assessment_id', '=', id).where('question_id', '=', questionId).orderBy('revision').execute();
const audits = async (id: string, action: string) =>
  (await t.ctx.db.selectFrom('audit_log').select('detail_json').where('assessment_id', '=', id).where('action', '=', action).execute()).map((r) => JSON.parse(r.detail_json));

async function carriedStart(title: string): Promise<string> {
  const res = await startFrom(org, first, { title });
  expect(res.status, res.text.slice(0, 500)).toBe(303);
  return idFrom(res);
}

beforeAll(async () => {
  t = await createTestApp();
  const admin = agent(t.app);
  await setupAdmin(admin);
  org = agent(t.app);
  await registerOrg(org, 'client@example.com', '客户公司');
  first = idFrom(await startFrom(org, undefined, { title: '2025 年度自评' }));
  await answerSection(org, first, 'gov', GOV);
  await answerSection(org, first, 'tech', TECH);
  const page = await org.get(`/assessments/${first}/sections/gov`);
  const uploaded = await org.post(`/assessments/${first}/questions/g-1/evidence`).field('_csrf', csrfTokenIn(page.text)).attach('file', PNG, '制度文件.png');
  expect(uploaded.status).toBe(303);
  expect((await submit(org, first)).status).toBe(303);
  offeredBeforeSignOff = await offeredToStartFrom(org);
  await createConsultant(admin, '王顾问', 'wang@consult.example', '客户公司');
  consultant = await login(t, 'wang@consult.example');
  // The consultant's adjustment counts in the signed result; the organization's own answer is what carries over.
  expect((await note(consultant, first, { questionId: 'g-4', adjustedValue: '1', text: '现场核实：已全部满足。' })).status).toBe(303);
  await signOff(consultant, first);
  signed = (await listSignedReports(t.ctx.db, first)).at(-1)!;
});
afterAll(() => t.close());

describe('starting from the last signed assessment', () => {
  it('is offered on the start form once an assessment is signed, with its title, date and level', async () => {
    expect(offeredBeforeSignOff).toBeUndefined();
    expect(await offeredToStartFrom(org)).toBe(first);
    const page = (await org.get('/assessments')).text;
    const level = ['未达一级', '规划级', '规范级', '集成级', '优化级', '引领级'][signed.snapshot.result.level!];
    expect(page).toMatch(new RegExp(`以上次签署的评估为起点：2025 年度自评（\\d{4}年\\d{1,2}月\\d{1,2}日签署，${level}）`));
    const en = (await org.get('/assessments').set('Accept-Language', 'en')).text;
    expect(en).toMatch(/Start from the last signed assessment: 2025 年度自评 \(signed [A-Z][a-z]+ \d{1,2}, \d{4}, [A-Z][a-z]+\)/);
  });

  it("copies the signed answers (the organization's own, not the adjustment, not the evidence), marked carried over", async () => {
    const id = await carriedStart('2026 年度自评');
    const copied = await loadAnswers(t.ctx.db, id);
    expect(copied).toEqual(answersOf(signed.snapshot));
    expect(copied.get('g-4')).toBe(0.5);
    expect(signed.snapshot.effectiveAnswers['g-4']).toBe(1);
    const rows = await answerRows(id);
    expect(rows.length).toBe(copied.size);
    expect(rows.every((r) => r.carried_from === first && Number(r.revision) === 1)).toBe(true);
    expect(await revisionRows(id, 'g-1')).toEqual([{ revision: 1, carried_from: first }]);
    const evidence = (aid: string) => t.ctx.db.selectFrom('evidence_files').select('id').where('assessment_id', '=', aid).execute();
    expect(await evidence(first)).toHaveLength(1);
    expect(await evidence(id)).toHaveLength(0);
    const [started] = await audits(id, 'assessment.started');
    expect(started.startedFrom).toMatchObject({ id: first, title: '2025 年度自评', revision: 1, carried: copied.size });

    const overview = (await org.get(`/assessments/${id}`)).text;
    expect(overview).toContain('发起评估 · 以“2025 年度自评”为起点');
    expect(overview).toContain(`有 ${copied.size} 道题的答案沿用自上次签署的评估，尚未确认`);
    expect(overview).toContain(`/assessments/${id}/sections/gov#q-g-4`);
    const section = (await org.get(`/assessments/${id}/sections/gov`)).text;
    expect(section).toContain('本部分有 6 道题沿用了上次签署评估的答案');
    expect(section).toContain('佐证材料不会沿用');
    expect(section).toContain('form="carried-confirm" name="questionId" value="g-1"');
    expect(section).toContain('沿用自上次签署的评估</span></li>');
    expect(section).not.toContain('制度文件.png');
    const en = (await org.get(`/assessments/${id}/sections/gov`).set('Accept-Language', 'en')).text;
    expect(en).toContain('6 answers in this section were carried over from the last signed assessment');
    expect(en).toContain('Confirm all carried-over answers in this section (6)');
  });

  it('confirms an answer as it is: the mark goes, the value and its revision stay', async () => {
    const id = await carriedStart('确认测试');
    const res = await confirmCarried(org, id, 'gov', 'g-1');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${id}/sections/gov#q-g-1`);
    const g1 = (await answerRows(id)).find((r) => r.question_id === 'g-1')!;
    expect(g1).toMatchObject({ value_json: '1', carried_from: null });
    expect(Number(g1.revision)).toBe(1);
    expect(await revisionRows(id, 'g-1')).toHaveLength(1);
    expect((await audits(id, 'assessment.carried-confirmed'))[0]).toEqual({ section: 'gov', questionIds: ['g-1'] });
    const section = (await org.get(`/assessments/${id}/sections/gov`)).text;
    expect(section).toContain('已确认，答案保持不变。');
    expect(section).not.toContain('name="questionId" value="g-1"');
    expect(section).toContain('name="questionId" value="g-2"');
    // A second click confirms nothing more and records nothing.
    expect((await confirmCarried(org, id, 'gov', 'g-1')).status).toBe(303);
    expect(await audits(id, 'assessment.carried-confirmed')).toHaveLength(1);
  });

  it('clears the mark when the answer changes, and keeps it when the same value is saved again', async () => {
    const id = await carriedStart('修改测试');
    expect((await answerSection(org, id, 'gov', { 'g-2': '0.5', 'g-5': '0' })).status).toBe(303);
    const rows = await answerRows(id);
    const g2 = rows.find((r) => r.question_id === 'g-2')!;
    expect(g2).toMatchObject({ value_json: '0.5', carried_from: null });
    expect(Number(g2.revision)).toBe(2);
    expect(await revisionRows(id, 'g-2')).toEqual([
      { revision: 1, carried_from: first },
      { revision: 2, carried_from: null },
    ]);
    expect(rows.find((r) => r.question_id === 'g-5')!.carried_from).toBe(first);
  });

  it('refuses submission while carried answers wait, listing them, and submits once all are confirmed', async () => {
    const id = await carriedStart('提交测试');
    await confirmCarried(org, id, 'gov', 'g-1');
    const refused = await submit(org, id);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('有 15 道题的答案沿用自上次签署的评估，尚未确认');
    expect(refused.text).toContain(`/assessments/${id}/sections/tech#q-t-5b`);
    expect(refused.text).not.toContain(`#q-g-1"`);
    const overview = await org.get(`/assessments/${id}`);
    const json = await org.post(`/assessments/${id}/submit`).set('Accept', 'application/json').type('form').send(Object.fromEntries(formTokensIn(overview.text, `/assessments/${id}/submit`)));
    expect(json.status).toBe(409);
    expect(json.body.error).toBe('还有沿用自上次签署评估的答案尚未确认：请逐题确认或修改后再提交。');
    expect(json.body.carried).toEqual(expect.arrayContaining(['g-2', 'g-4', 't-1']));
    expect(json.body.carried).not.toContain('g-1');

    expect((await confirmCarried(org, id, 'gov')).status).toBe(303);
    expect((await org.get(`/assessments/${id}/sections/gov`)).text).toContain('已确认本部分沿用的答案。');
    expect((await confirmCarried(org, id, 'tech')).status).toBe(303);
    expect((await org.get(`/assessments/${id}`)).text).not.toContain('沿用自上次签署的评估，尚未确认');
    expect(await loadAnswers(t.ctx.db, id)).toEqual(answersOf(signed.snapshot));
    expect((await submit(org, id)).status).toBe(303);
  });

  it('lets a respondent confirm only in the sections assigned to them', async () => {
    const respondent = await addMember(t, org, 'resp@example.com', 'respondent', '李填报');
    const id = await carriedStart('分工测试');
    expect((await assign(org, id, { tech: await userIdOf(t, 'resp@example.com') })).status).toBe(303);
    const gov = (await respondent.get(`/assessments/${id}/sections/gov`)).text;
    expect(gov).toContain('此答案沿用自上次签署的评估');
    expect(gov).not.toContain('form="carried-confirm"');
    expect((await confirmCarried(respondent, id, 'gov', 'g-1')).status).toBe(403);
    expect((await confirmCarried(respondent, id, 'gov')).status).toBe(403);
    expect((await answerRows(id)).find((r) => r.question_id === 'g-1')!.carried_from).toBe(first);
    expect((await confirmCarried(respondent, id, 'tech', 't-1')).status).toBe(303);
    expect((await answerRows(id)).find((r) => r.question_id === 't-1')!.carried_from).toBeNull();
    // A question of another section through this section's form: no such question here.
    expect((await confirmCarried(respondent, id, 'tech', 'g-1')).status).toBe(404);
  });

  it('refuses a box that is not the last signed assessment, with the message next to it and the title kept', async () => {
    const res = await startFrom(org, 'not-an-assessment', { title: '保留的标题' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="carryFrom-error">所勾选的评估不是所选组织最近一次签署的评估/);
    expect(res.text).toContain('value="保留的标题"');
    const page = await org.get('/assessments').set('Accept-Language', 'en');
    const orgId = /name="orgId" value="([^"]+)"/.exec(page.text)![1];
    const en = await org
      .post('/assessments')
      .set('Accept-Language', 'en')
      .type('form')
      .send({ ...Object.fromEntries(formTokensIn(page.text, '/assessments')), orgId, questionnaireId: 'mini', carryFrom: ['a', 'b'], title: 'Kept title' });
    expect(en.status).toBe(400);
    expect(en.text).toContain('id="carryFrom-error">Choose one assessment to start from.');
    expect(en.text).toContain('value="Kept title"');
  });

  it('offers the newest signed assessment, and not one reopened since', async () => {
    const id = await carriedStart('第二次签署');
    await confirmCarried(org, id, 'gov');
    await confirmCarried(org, id, 'tech');
    expect((await submit(org, id)).status).toBe(303);
    await signOff(consultant, id);
    expect(await offeredToStartFrom(org)).toBe(id);
    expect((await review(consultant, id, 'reopen', { reason: '补充材料后重新审定。' })).status).toBe(303);
    expect(await offeredToStartFrom(org)).toBe(first);
  });
});

describe('starting from a sign-off on an older questionnaire version', () => {
  let v: TestApp;
  afterAll(() => v?.close());

  it('carries what the newest version still asks, by the version-move plan', async () => {
    v = await createTestApp({ QUESTIONNAIRE_DIR: resolve(import.meta.dirname, '../fixtures/questionnaire-versions') });
    const admin = agent(v.app);
    await setupAdmin(admin);
    const client = agent(v.app);
    await registerOrg(client, 'old@example.com', '老客户');
    // An assessment on 1.0.0, as one started before 1.1.0 was published (t-5b removed there, t-num narrowed to 0..10).
    const user = await v.ctx.db.selectFrom('users').select('id').where('email', '=', 'old@example.com').executeTakeFirstOrThrow();
    const { org_id } = await v.ctx.db.selectFrom('memberships').select('org_id').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    const old = newId();
    const now = nowIso();
    await insertAssessment(v.ctx.db, { id: old, org_id, questionnaire_id: 'mini', questionnaire_version: '1.0.0', weight_profile: null, title: '旧版自评', status: 'draft', created_by: user.id, created_at: now, updated_at: now, submitted_at: null, finalized_at: null, finalized_by: null });
    await answerSection(client, old, 'gov', GOV);
    await answerSection(client, old, 'tech', TECH);
    expect((await submit(client, old)).status).toBe(303);
    await createConsultant(admin, '赵顾问', 'zhao@consult.example', '老客户');
    await signOff(await login(v, 'zhao@consult.example'), old);

    const offered = /name="carryFrom" value="([^"]+)"/.exec((await client.get('/assessments')).text)?.[1];
    expect(offered).toBe(old);
    const orgId = /name="orgId" value="([^"]+)"/.exec((await client.get('/assessments')).text)![1];
    const res = await submitForm(client, '/assessments', { orgId, questionnaireId: 'mini', carryFrom: old });
    expect(res.status).toBe(303);
    const id = idFrom(res);
    const row = await v.ctx.db.selectFrom('assessments').select('questionnaire_version').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.questionnaire_version).toBe('1.1.0');
    const signedAnswers = answersOf((await listSignedReports(v.ctx.db, old)).at(-1)!.snapshot);
    const expected = new Map([...signedAnswers].filter(([q]) => q !== 't-5b' && q !== 't-num'));
    expect(await loadAnswers(v.ctx.db, id)).toEqual(expected);
  });
});
