import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreAssessment } from '../../server/domain/scoring/score.js';
import { loadAnswers } from '../../server/record/answers-repo.js';
import { loadScore } from '../../server/record/scores-repo.js';
import { listSignedReports } from '../../server/record/signed-repo.js';
import { agent, answerSection, createTestApp, startAssessment, type Agent, type TestApp } from '../helpers/app.js';
import { binaryParser, pdfSignatures, pdfText } from '../helpers/pdf.js';
import { dismiss, login, note, review, submit, submittedForReview, TECH, type ReviewSetup } from '../helpers/review.js';

const squash = (s: string) => s.replace(/\s+/g, '');
let t: TestApp;
let s: ReviewSetup;

beforeAll(async () => {
  t = await createTestApp();
  s = await submittedForReview(t);
});
afterAll(() => t.close());

async function storedT(id: string, level: number): Promise<number> {
  return (await loadScore(t.ctx.db, id))!.levelScores[level - 1]!;
}

async function download(a: Agent, path: string): Promise<Buffer> {
  const res = await a.get(path).buffer(true).parse(binaryParser);
  expect(res.status).toBe(200);
  return res.body as Buffer;
}

/** Posts a section the way the browser does: every question the page showed, with the revision it showed. */
async function postSectionFromPage(a: Agent, pageHtml: string, action: string, values: Record<string, string>) {
  const fields: Record<string, string> = { _csrf: /name="_csrf" value="([^"]+)"/.exec(pageHtml)![1], go: 'stay' };
  for (const [, id, rev] of pageHtml.matchAll(/name="rev\[([^\]]+)\]" value="(\d+)"/g)) {
    fields[`shown[${id}]`] = '1';
    fields[`rev[${id}]`] = rev;
    fields[`a[${id}]`] = values[id] ?? '';
  }
  return a.post(action).type('form').send(fields);
}

describe('the assessment record', () => {
  it('keeps an adjustment through saves that do not change its answer, and marks it stale (not counted, blocking sign-off) when the answer changes', async () => {
    const { org, consultant, id } = s;
    expect((await review(consultant, id, 'start-review')).status).toBe(303);
    const base = await storedT(id, 4);
    expect((await note(consultant, id, { questionId: 't-4', adjustedValue: '1', text: '现场查看了模型组合季度复盘记录。' })).status).toBe(303);
    // tech L4: t-4 0 → 1 beside t-4b 0.5 → T(4) rises by 0.6 × 0.5 = 0.3.
    expect(await storedT(id, 4)).toBeCloseTo(base + 0.3, 4);
    expect((await review(consultant, id, 'request-changes', { note: '请补充 t-3 的证据。' })).status).toBe(303);

    const revisionsBefore = await t.ctx.db.selectFrom('answer_revisions').select('id').where('assessment_id', '=', id).execute();
    expect((await answerSection(org, id, 'tech', TECH)).status).toBe(303);
    expect((await answerSection(org, id, 'tech', { ...TECH, 't-3': '1' })).status).toBe(303);
    const revisionsAfter = await t.ctx.db.selectFrom('answer_revisions').selectAll().where('assessment_id', '=', id).execute();
    expect(revisionsAfter.length - revisionsBefore.length).toBe(1);
    expect(revisionsAfter.find((r) => r.question_id === 't-3' && r.value_json === '1')).toBeDefined();
    expect(await storedT(id, 4)).toBeCloseTo(base + 0.3, 4);

    expect((await answerSection(org, id, 'tech', { ...TECH, 't-3': '1', 't-4': '0.5' })).status).toBe(303);
    const own = scoreAssessment(t.ctx.catalog.get('mini', '1.0.0'), await loadAnswers(t.ctx.db, id));
    expect(await storedT(id, 4)).toBeCloseTo(own.levelScores[3]!, 6);
    expect((await org.get(`/assessments/${id}`)).text).toContain('顾问会重新审阅这些题目');
    expect((await org.get(`/assessments/${id}/sections/tech`)).text).toContain('该题在顾问调整评分后被修改');
    expect((await submit(org, id)).status).toBe(303);

    const reviewing = await consultant.get(`/assessments/${id}`);
    expect(reviewing.text).toContain('撤销调整（接受新答案）');
    expect((await review(consultant, id, 'finalize')).status).toBe(409);
    expect((await note(consultant, id, { questionId: 't-4', adjustedValue: '0.8', text: '新增的复盘纪要只覆盖两个季度，按大部分满足计。' })).status).toBe(303);
    expect(await storedT(id, 4)).toBeCloseTo(own.levelScores[3]! + 0.6 * 0.5 * 0.3, 4);
    expect((await review(consultant, id, 'finalize', { conclusion: '材料完整，结论可信。' })).status).toBe(303);

    const pdf = pdfText(await download(org, `/assessments/${id}/report.pdf?lang=zh-CN`));
    expect(squash(pdf)).toContain('部分满足→大部分满足');
    expect(squash(pdf)).not.toContain('不满足→全部满足');
    expect(squash(pdf)).toContain('材料完整，结论可信。');
    const [signed] = await listSignedReports(t.ctx.db, id);
    expect(signed.snapshot.effectiveAnswers['t-4']).toBe(0.8);
    expect(signed.snapshot.answers['t-4'].answer).toBe(0.5);
    expect(signed.snapshot.result).toEqual(await loadScore(t.ctx.db, id));
    expect(signed.snapshot.adjustments.map((a) => a.state).sort()).toEqual(['counts', 'superseded']);
  });

  it('keeps both answers when two sessions edit different questions of one section', async () => {
    const id = await startAssessment(s.org);
    const second = await login(t, 'client@example.com');
    const path = `/assessments/${id}/sections/gov`;
    const page1 = (await s.org.get(path)).text;
    const page2 = (await second.get(path)).text;
    expect((await postSectionFromPage(s.org, page1, path, { 'g-1': '1' })).status).toBe(303);
    expect((await postSectionFromPage(second, page2, path, { 'g-2': '0.8' })).status).toBe(303);
    const answers = await loadAnswers(t.ctx.db, id);
    expect(answers.get('g-1')).toBe(1);
    expect(answers.get('g-2')).toBe(0.8);
    // A deliberate change on a page that is out of date still counts, and both changes stay in the history.
    expect((await postSectionFromPage(second, page2, path, { 'g-1': '0.5', 'g-2': '0.8' })).status).toBe(303);
    expect((await loadAnswers(t.ctx.db, id)).get('g-1')).toBe(0.5);
    const history = await t.ctx.db.selectFrom('answer_revisions').select(['revision', 'value_json']).where('assessment_id', '=', id).where('question_id', '=', 'g-1').orderBy('revision').execute();
    expect(history.map((h) => [Number(h.revision), h.value_json])).toEqual([[1, '1'], [2, '0.5']]);
    expect((await s.org.get(path)).text).toContain('共 2 次修改');
  });

  it('serves the same signed PDF bytes on every download, whatever happens to the tables behind it', async () => {
    const { org, id } = s;
    const first = await download(org, `/assessments/${id}/report.pdf?lang=en`);
    await t.ctx.db.updateTable('answers').set({ value_json: '0' }).where('assessment_id', '=', id).where('question_id', '=', 't-1').execute();
    await t.ctx.db.updateTable('assessment_scores').set({ level: 5, score: 5 }).where('assessment_id', '=', id).execute();
    const second = await download(org, `/assessments/${id}/report.pdf?lang=en`);
    expect(second.equals(first)).toBe(true);
    const [signed] = await listSignedReports(t.ctx.db, id);
    const text = squash(pdfText(second));
    expect(text).toContain(squash(`Composite score ${signed.snapshot.result.score!.toFixed(2)}`).slice(0, 10));
    expect(text).toContain(signed.snapshot.result.score!.toFixed(2));
    expect(text).toContain(signed.code.slice(0, 4));
  });

  it('signs the report digitally: pdfsig finds the signature valid, and invalid once a signed byte changes', async () => {
    const pdf = await download(s.org, `/assessments/${s.id}/report.pdf?lang=zh-CN`);
    const report = pdfSignatures(pdf);
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Signature Field Name: 王顾问');
    expect(report).toContain('Signer Certificate Common Name: Zhiping report signing');
    expect(report).toContain('Total document signed');
    const firstRangeEnd = Number(/Signed Ranges: \[0 - (\d+)\]/.exec(report)![1]);
    const tampered = Buffer.from(pdf);
    const offset = pdf.indexOf('stream\n', pdf.indexOf('/Type /Page\n')) + 30;
    expect(offset).toBeLessThan(firstRangeEnd);
    tampered[offset] ^= 0x01;
    const broken = pdfSignatures(tampered);
    expect(broken).toContain('Signature Validation: ');
    expect(broken).not.toContain('Signature is Valid.');
  });

  it('verifies a signed report by its code, says when it was superseded, and knows nothing of unknown codes', async () => {
    const { admin, org, consultant, id } = s;
    const [first] = await listSignedReports(t.ctx.db, id);
    const zh = await download(org, `/assessments/${id}/report.pdf?lang=zh-CN`);
    const anonymous = agent(t.app);
    const page = await anonymous.get(`/verify/${first.code.toLowerCase()}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('客户公司');
    expect(page.text).toContain('王顾问');
    expect(page.text).toContain(createHash('sha256').update(zh).digest('hex'));
    expect(page.text).toContain('当前的签署版本');
    expect(page.text).not.toContain('t-4');

    // Only the signer or a platform admin reopens, and only with a reason.
    const other = await (async () => {
      const { createConsultant } = await import('../helpers/review.js');
      await createConsultant(admin, '赵顾问', 'zhao@consult.example', '客户公司');
      return login(t, 'zhao@consult.example');
    })();
    expect((await review(other, id, 'reopen', { reason: '复核' })).status).toBe(403);
    expect((await review(consultant, id, 'reopen', { reason: ' ' })).status).toBe(400);
    expect((await review(consultant, id, 'reopen', { reason: '组织补充了第三季度的复盘纪要，需要重新审定。' })).status).toBe(303);
    expect((await anonymous.get(`/verify/${first.code}`)).text).toContain('重新打开');

    expect((await answerSection(org, id, 'tech', { ...TECH, 't-3': '1', 't-4': '0.8' })).status).toBe(303);
    expect((await submit(org, id)).status).toBe(303);
    expect((await review(consultant, id, 'start-review')).status).toBe(303);
    // The answer the consultant had adjusted changed again: sign-off waits until the adjustment is dealt with.
    expect((await review(consultant, id, 'finalize')).status).toBe(409);
    const stale = await t.ctx.db.selectFrom('review_notes').select('id').where('assessment_id', '=', id).where('question_id', '=', 't-4').orderBy('at', 'desc').executeTakeFirstOrThrow();
    expect((await dismiss(consultant, id, stale.id)).status).toBe(303);
    expect((await review(consultant, id, 'finalize')).status).toBe(303);
    const [, second] = await listSignedReports(t.ctx.db, id);
    expect(second.revision).toBe(2);
    expect(second.code).not.toBe(first.code);
    expect((await anonymous.get(`/verify/${first.code}`)).text).toContain('已被第 2 版取代');
    const old = await download(org, `/assessments/${id}/signed/1/report.pdf?lang=zh-CN`);
    expect(old.equals(zh)).toBe(true);
    expect(squash(pdfText(await download(org, `/assessments/${id}/report.pdf?lang=zh-CN`)))).toContain('第2版');

    expect((await anonymous.get('/verify/0000-0000-0000-0000-0000')).status).toBe(404);
    expect((await anonymous.get('/verify/not-a-code')).status).toBe(404);
    const log = await t.ctx.db.selectFrom('audit_log').select('action').where('assessment_id', '=', id).execute();
    expect(log.map((r) => r.action)).toContain('assessment.reopen');
  });

  it('never changes a signed result when an adjustment races the sign-off', async () => {
    const { org, consultant } = s;
    const id = await startAssessment(org);
    const { GOV } = await import('../helpers/review.js');
    await answerSection(org, id, 'gov', GOV);
    await answerSection(org, id, 'tech', TECH);
    for (let round = 0; round < 4; round++) {
      expect((await submit(org, id)).status).toBe(303);
      expect((await review(consultant, id, 'start-review')).status).toBe(303);
      const value = ['1', '0.8', '0.5', '0'][round];
      const [adjusted, signed] = await Promise.all([
        note(consultant, id, { questionId: 'g-4', adjustedValue: value, text: `第 ${round + 1} 轮复核` }),
        review(consultant, id, 'finalize'),
      ]);
      expect(signed.status).toBe(303);
      expect([303, 409]).toContain(adjusted.status);
      const latest = (await listSignedReports(t.ctx.db, id)).at(-1)!;
      expect(latest.revision).toBe(round + 1);
      expect(latest.snapshot.result).toEqual(await loadScore(t.ctx.db, id));
      const inSnapshot = latest.snapshot.adjustments.some((a) => a.reason === `第 ${round + 1} 轮复核`);
      expect(inSnapshot).toBe(adjusted.status === 303);
      expect((await review(consultant, id, 'reopen', { reason: `第 ${round + 1} 轮后重新打开` })).status).toBe(303);
    }
  });
});

describe('double clicks on submit and sign-off', () => {
  it(`submit and sign off once for five concurrent posts of one form view (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, async () => {
    const { formTokensIn } = await import('../../scripts/lib/http-client.js');
    const { GOV } = await import('../helpers/review.js');
    const { org, consultant } = s;
    const id = await startAssessment(org);
    await answerSection(org, id, 'gov', GOV);
    await answerSection(org, id, 'tech', TECH);
    const actions = async (action: string) =>
      (await t.ctx.db.selectFrom('audit_log').select('id').where('assessment_id', '=', id).where('action', '=', action).execute()).length;

    const page = await org.get(`/assessments/${id}`);
    const submitFields = Object.fromEntries(formTokensIn(page.text, `/assessments/${id}/submit`));
    const submits = await Promise.all(Array.from({ length: 5 }, () => org.post(`/assessments/${id}/submit`).type('form').send(submitFields)));
    expect(submits.map((r) => r.status)).toEqual([303, 303, 303, 303, 303]);
    expect(await actions('assessment.submitted')).toBe(1);

    const reviewing = await consultant.get(`/assessments/${id}/sign-off`);
    const signFields = { ...Object.fromEntries(formTokensIn(reviewing.text, `/assessments/${id}/review`)), action: 'finalize', conclusion: '结论可信。' };
    expect((signFields as Record<string, string>)._once).toBeDefined();
    const signs = await Promise.all(Array.from({ length: 5 }, () => consultant.post(`/assessments/${id}/review`).type('form').send(signFields)));
    expect(signs.map((r) => r.status)).toEqual([303, 303, 303, 303, 303]);
    expect(await actions('assessment.finalize')).toBe(1);
    expect(await listSignedReports(t.ctx.db, id)).toHaveLength(1);
  });
});
