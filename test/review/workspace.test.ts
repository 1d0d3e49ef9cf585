// The consultant's workspace: comment threads on questions that the organization sees and answers,
// questions flagged for change, what changed between submissions, and the deliberate sign-off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, answerSection, createTestApp, registerOrg, startAssessment, submitForm, type Agent, type TestApp } from '../helpers/app.js';
import { GOV, review, submit, submittedForReview, TECH } from '../helpers/review.js';
import { listSignedReports } from '../../server/record/signed-repo.js';

let t: TestApp;
let org: Agent;
let consultant: Agent;
let id: string;
let other: Agent;

/** The first thread on the section page that is on question `qid`. */
async function threadIdOn(a: Agent, section: string, qid: string): Promise<string> {
  const page = await a.get(`/assessments/${id}/sections/${section}`);
  const block = page.text.slice(page.text.indexOf(`id="comments-${qid}"`));
  return /id="thread-([^"]+)"/.exec(block)![1];
}

/** The kinds of notification a user has received. */
async function kindsFor(email: string): Promise<string[]> {
  const rows = await t.ctx.db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').select('kind').where('users.email', '=', email).execute();
  return rows.map((r) => r.kind);
}

const comment = (a: Agent, fields: Record<string, string>, section = 'tech') =>
  submitForm(a, `/assessments/${id}/sections/${section}`, { back: 'section', ...fields }, `/assessments/${id}/notes`);

beforeAll(async () => {
  t = await createTestApp();
  ({ org, consultant, id } = await submittedForReview(t));
  other = agent(t.app);
  await registerOrg(other, 'other@example.com', '别家公司');
});
afterAll(() => t.close());

describe('reviewing a section', () => {
  it('shows each answer as text, not as disabled controls, with a comment box on the question', async () => {
    const page = await consultant.get(`/assessments/${id}/sections/tech`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('type="radio"');
    expect(page.text).toContain('class="answer-read"');
    // t-single was answered "pipeline": its option's full label is shown.
    const question = page.text.slice(page.text.indexOf('id="q-t-single"'), page.text.indexOf('id="q-t-1"'));
    expect(question).toMatch(/<dd class="answer-text">[^<]+/);
    expect(page.text).toContain('就此题发表意见');
    expect(page.text).toContain('id="comment-t-4"');
  });
});

describe('comment threads and flagged questions', () => {
  it('a flagged comment on a question is shown to the organization on the question and as a banner with a link', async () => {
    expect((await review(consultant, id, 'start-review')).status).toBe(303);
    const posted = await comment(consultant, { questionId: 't-4', text: '请附上最近一次模型复盘纪要。', flagged: '1' });
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe(`/assessments/${id}/sections/tech#q-t-4`);
    expect((await review(consultant, id, 'request-changes', { note: '请按标记的题目补充材料。' })).status).toBe(303);

    const overview = await org.get(`/assessments/${id}`);
    expect(overview.text).toContain('顾问要求修改 1 道题');
    expect(overview.text).toContain(`href="/assessments/${id}/sections/tech#q-t-4"`);
    const section = await org.get(`/assessments/${id}/sections/tech`);
    const onQuestion = section.text.slice(section.text.indexOf('id="q-t-4"'), section.text.indexOf('id="q-t-4b"'));
    expect(onQuestion).toContain('请附上最近一次模型复盘纪要。');
    expect(onQuestion).toContain('顾问要求修改此题的答案');
    // The request-changes entry names the flagged question.
    // The organization's admin was told of the comment (leading to the question) and of the change request.
    expect(await kindsFor('client@example.com')).toEqual(expect.arrayContaining(['commented', 'changesRequested']));
    const told = await t.ctx.db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').select('params_json').where('users.email', '=', 'client@example.com').where('kind', '=', 'commented').executeTakeFirstOrThrow();
    expect(JSON.parse(told.params_json).href).toBe(`/assessments/${id}/sections/tech#q-t-4`);
    const audit = await t.ctx.db.selectFrom('audit_log').select('detail_json').where('assessment_id', '=', id).where('action', '=', 'assessment.request-changes').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail_json).flagged).toEqual(['t-4']);
  });

  it('the organization replies on the question; another organization can neither read nor reply', async () => {
    const thread = await threadIdOn(org, 'tech', 't-4');
    const replied = await submitForm(org, `/assessments/${id}/sections/tech`, { text: '纪要已上传为证据。', back: 'section' }, `/assessments/${id}/threads/${thread}/reply`);
    expect(replied.status).toBe(303);
    const seen = await consultant.get(`/assessments/${id}/sections/tech`);
    expect(seen.text).toContain('纪要已上传为证据。');
    expect(await kindsFor('wang@consult.example')).toContain('replied');

    expect((await other.get(`/assessments/${id}/sections/tech`)).status).toBe(403);
    const refused = await submitForm(other, '/assessments', { text: '我也来评论' }, `/assessments/${id}/threads/${thread}/reply`);
    expect(refused.status).toBe(403);
    const texts = await t.ctx.db.selectFrom('review_notes').select('text').where('assessment_id', '=', id).execute();
    expect(texts.map((r) => r.text)).not.toContain('我也来评论');
  });

  it('an empty reply comes back with the message next to the field', async () => {
    const thread = await threadIdOn(org, 'tech', 't-4');
    const res = await submitForm(org, `/assessments/${id}/sections/tech`, { text: '  ', back: 'section' }, `/assessments/${id}/threads/${thread}/reply`);
    expect(res.status).toBe(400);
    expect(res.text).toContain(`id="reply-${thread}-err"`);
  });

  it('while the organization holds the assessment, the consultant replies but opens no new thread', async () => {
    expect((await comment(consultant, { questionId: 't-3', text: '还有一个问题。' })).status).toBe(409);
  });
});

describe('changes since the last submission', () => {
  it('lists the changed answers with old and new, and filters the section to them', async () => {
    expect((await answerSection(org, id, 'tech', { 't-4': '0.5' })).status).toBe(303);
    expect((await submit(org, id)).status).toBe(303);

    const overview = await consultant.get(`/assessments/${id}`);
    expect(overview.text).toMatch(/共有 1 道题的答案、不适用理由或证据发生变更/);
    const section = await consultant.get(`/assessments/${id}/sections/tech`);
    const t4 = section.text.slice(section.text.indexOf('id="q-t-4"'), section.text.indexOf('id="q-t-4b"'));
    expect(t4).toContain('自上次提交后有变更');
    expect(t4).toMatch(/<del>不满足<\/del> → <ins>部分满足<\/ins>/);
    const only = await consultant.get(`/assessments/${id}/sections/tech?changed=1`);
    expect(only.text).toContain('id="q-t-4"');
    expect(only.text).not.toContain('id="q-t-3"');
    expect(only.text).toContain('显示全部题目');
  });

  it('a comment without text comes back on the section with the message, the flag and the grade kept', async () => {
    const res = await comment(consultant, { questionId: 't-3', text: ' ', flagged: '1', adjustedValue: '0.8' });
    expect(res.status).toBe(400);
    const block = res.text.slice(res.text.indexOf('id="comments-t-3"'), res.text.indexOf('id="q-t-4"'));
    expect(block).toContain('id="comment-t-3-text-err"');
    expect(block).toMatch(/name="flagged" value="1" form="comment-t-3" checked/);
    expect(block).toMatch(/<option value="0.8" selected>/);
  });

  it('the consultant resolves the thread and the flag no longer stands', async () => {
    const thread = await threadIdOn(consultant, 'tech', 't-4');
    const res = await submitForm(consultant, `/assessments/${id}/sections/tech`, { back: 'section' }, `/assessments/${id}/threads/${thread}/resolve`);
    expect(res.status).toBe(303);
    expect((await org.get(`/assessments/${id}`)).text).not.toContain('顾问要求修改 1 道题');
    // The organization cannot resolve.
    expect((await submitForm(org, `/assessments/${id}`, {}, `/assessments/${id}/threads/${thread}/resolve`)).status).toBe(403);
  });
});

describe('the deliberate sign-off', () => {
  it('is a link on the overview, not a button; the confirmation page summarises what will be frozen', async () => {
    const overview = await consultant.get(`/assessments/${id}`);
    expect(overview.text).toContain(`href="/assessments/${id}/sign-off"`);
    expect(overview.text).not.toContain('name="conclusion"');
    const page = await consultant.get(`/assessments/${id}/sign-off`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('将被冻结的结果');
    expect(page.text).toContain('所有意见都已解决');
    expect(page.text).toContain('华信咨询有限公司');
    expect((await org.get(`/assessments/${id}/sign-off`)).status).toBe(403);
  });

  it('refuses without a conclusion, keeping the page, and signs with one into the report', async () => {
    const refused = await review(consultant, id, 'finalize', { conclusion: '   ' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('请填写审定结论');
    expect(refused.text).toContain('id="conclusion-err"');
    expect(await listSignedReports(t.ctx.db, id)).toHaveLength(0);

    expect((await review(consultant, id, 'finalize', { conclusion: '数据治理扎实，模型评测有待加强。' })).status).toBe(303);
    const [signed] = await listSignedReports(t.ctx.db, id);
    expect(await kindsFor('client@example.com')).toContain('signedOff');
    expect(signed.snapshot.signature).toMatchObject({ signedBy: '王顾问', signerOrganization: '华信咨询有限公司', conclusion: '数据治理扎实，模型评测有待加强。' });
    // Replies are closed once signed.
    const thread = await threadIdOn(org, 'tech', 't-4');
    expect((await submitForm(org, `/assessments/${id}`, { text: '补充' }, `/assessments/${id}/threads/${thread}/reply`)).status).toBe(409);
  });
});

describe('sign-off blocked by a stale adjustment', () => {
  it('shows the stale adjustment on the confirmation page and refuses to sign', async () => {
    const second = await startAssessment(org);
    await answerSection(org, second, 'gov', GOV);
    await answerSection(org, second, 'tech', TECH);
    expect((await submit(org, second)).status).toBe(303);
    const s = { org, consultant, id: second };
    expect((await submitForm(s.consultant, `/assessments/${s.id}/sections/tech`, { questionId: 't-4', text: '复盘材料齐全，按全部满足计。', adjustedValue: '1', back: 'section' }, `/assessments/${s.id}/notes`)).status).toBe(303);
    expect((await review(s.consultant, s.id, 'request-changes', { note: '请补充。' })).status).toBe(303);
    expect((await answerSection(s.org, s.id, 'tech', { 't-4': '0.5' })).status).toBe(303);
    expect((await submit(s.org, s.id)).status).toBe(303);
    const page = await s.consultant.get(`/assessments/${s.id}/sign-off`);
    expect(page.text).toContain('这些题的答案在调整之后被企业修改');
    expect(page.text).toMatch(/<button type="submit" class="danger" disabled>/);
    expect((await review(s.consultant, s.id, 'finalize')).status).toBe(409);
    expect(await listSignedReports(t.ctx.db, s.id)).toHaveLength(0);
  });
});
