// The JSON API end to end, through tokens made on the real tokens page: the same access policy,
// validation and write path as the pages; JSON errors with field paths; cursor pagination; the PDF;
// the per-token rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { API_RATE_LIMIT } from '../../server/api/http.js';
import { agent, createTestApp, registerOrg, startAssessment, type Agent, type TestApp } from '../helpers/app.js';
import { addMember, assign, userIdOf } from '../helpers/team.js';
import { apiClient, asChanges, createToken, GOV_JSON, signedForReview, TECH_JSON } from './helpers.js';

let t: TestApp;
let org: Agent;
/** Assessed through the pages, submitted and signed off: the reference result. */
let signedId: string;
let write: ReturnType<typeof apiClient>;
let read: ReturnType<typeof apiClient>;
let writeToken: string;
let otherOrgAssessment: string;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp();
  const setup = await signedForReview(t);
  org = setup.org;
  signedId = setup.id;
  writeToken = await createToken(org, 'CRM 写入', 'write');
  write = apiClient(t.app, writeToken);
  read = apiClient(t.app, await createToken(org, '省平台只读', 'read'));
  orgId = (await t.ctx.db.selectFrom('organizations').select('id').where('name', '=', '客户公司').executeTakeFirstOrThrow()).id;
  const other = agent(t.app);
  await registerOrg(other, 'rival@example.com', '竞争对手公司');
  otherOrgAssessment = await startAssessment(other);
});
afterAll(() => t.close());

const storedResult = async (id: string) =>
  JSON.parse((await t.ctx.db.selectFrom('assessment_scores').select('result_json').where('assessment_id', '=', id).executeTakeFirstOrThrow()).result_json);
const answerCount = async (id: string) => (await t.ctx.db.selectFrom('answers').select('question_id').where('assessment_id', '=', id).execute()).length;

describe('reading', () => {
  it('lists and reads organizations, questionnaires and assessments the user may see', async () => {
    const orgs = await read.get('/organizations');
    expect(orgs.status).toBe(200);
    expect(orgs.body.data.map((o: { name: string }) => o.name)).toEqual(['客户公司']);
    expect(orgs.body.data[0].role).toBe('org_admin');
    expect((await read.get(`/organizations/${orgId}`)).body.credit_code).toMatch(/^[0-9A-Z]{18}$/);

    const qs = await read.get('/questionnaires');
    expect(qs.body.data.map((q: { id: string }) => q.id)).toContain('mini');
    const mini = await read.get('/questionnaires/mini');
    expect(mini.status).toBe(200);
    expect(mini.body.dimensions.map((d: { id: string }) => d.id)).toEqual(['gov', 'tech']);
    expect((await read.get('/questionnaires/nope')).status).toBe(404);

    const one = await read.get(`/assessments/${signedId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: signedId, status: 'finalized', organization: { name: '客户公司' }, role: 'org_admin' });
    expect(one.body.may['assessment.answer']).toBe(false);
  });

  it('gives the stored result, the live snapshot and the signed snapshot', async () => {
    const result = await read.get(`/assessments/${signedId}/result`);
    expect(result.body).toEqual(await storedResult(signedId));
    const live = await read.get(`/assessments/${signedId}/snapshot`);
    expect(live.body.snapshot.result).toEqual(result.body);
    expect(live.body.snapshot.assessment.status).toBe('finalized');
    const signed = await read.get(`/assessments/${signedId}/signed`);
    expect(signed.body.data).toHaveLength(1);
    const row = await t.ctx.db.selectFrom('signed_reports').select(['code', 'snapshot_json']).where('assessment_id', '=', signedId).executeTakeFirstOrThrow();
    expect(signed.body.data[0].code).toBe(row.code);
    const frozen = await read.get(`/assessments/${signedId}/signed/1`);
    expect(frozen.body.snapshot).toEqual(JSON.parse(row.snapshot_json));
    expect(frozen.body.snapshot.signature.revision).toBe(1);
    expect((await read.get(`/assessments/${signedId}/signed/2`)).status).toBe(404);
  });

  it('sends the PDF report as the page does', async () => {
    const res = await read.get(`/assessments/${signedId}/report.pdf?lang=en`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect((res.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const page = await org.get(`/assessments/${signedId}/report.pdf?lang=en`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    // The signed report is stored once: the API and the page give the same bytes.
    expect(Buffer.compare(res.body as Buffer, page.body as Buffer)).toBe(0);
  });

  it("refuses another organization's assessment on every endpoint, and leaves it out of lists", async () => {
    for (const path of ['', '/answers', '/result', '/snapshot', '/signed', '/report.pdf']) {
      const res = await read.get(`/assessments/${otherOrgAssessment}${path}`);
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await write.put(`/assessments/${otherOrgAssessment}/answers`, asChanges({ 'g-1': 1 }))).status).toBe(403);
    expect((await write.post(`/assessments/${otherOrgAssessment}/submit`)).status).toBe(403);
    expect(await answerCount(otherOrgAssessment)).toBe(0);
    const list = await read.get('/assessments?limit=100');
    expect(list.body.data.map((a: { id: string }) => a.id)).not.toContain(otherOrgAssessment);
    const rivalOrg = (await t.ctx.db.selectFrom('organizations').select('id').where('name', '=', '竞争对手公司').executeTakeFirstOrThrow()).id;
    expect((await read.get(`/organizations/${rivalOrg}`)).status).toBe(403);
    expect((await read.get('/assessments/no-such-id')).status).toBe(404);
  });
});

describe('writing', () => {
  it('refuses every write to a read-scope token, and changes nothing', async () => {
    const before = await t.ctx.db.selectFrom('assessments').select('id').execute();
    const created = await read.post('/assessments', { org_id: orgId, questionnaire_id: 'mini' });
    expect(created.status).toBe(403);
    expect(created.body.error.code).toBe('insufficient_scope');
    const draft = (await write.post('/assessments', { org_id: orgId, questionnaire_id: 'mini' })).body.id;
    expect((await read.put(`/assessments/${draft}/answers`, asChanges({ 'g-1': 1 }))).status).toBe(403);
    expect((await read.post(`/assessments/${draft}/submit`)).status).toBe(403);
    expect(await answerCount(draft)).toBe(0);
    expect((await t.ctx.db.selectFrom('assessments').select('id').execute()).length).toBe(before.length + 1);
  });

  it('starts, answers and submits an assessment, giving the stored score the pages gave for the same answers', async () => {
    const created = await write.post('/assessments', { org_id: orgId, questionnaire_id: 'mini', title: 'API 评估' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'API 评估', status: 'draft', questionnaire_id: 'mini' });
    const id = created.body.id;

    const early = await write.post(`/assessments/${id}/submit`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('conflict');
    expect(early.body.error.detail).toContain('g-1');

    const gov = await write.put(`/assessments/${id}/answers`, asChanges(GOV_JSON));
    expect(gov.status, JSON.stringify(gov.body)).toBe(200);
    expect(gov.body.saved).toBe(Object.keys(GOV_JSON).length);
    expect(gov.body.revisions['g-1']).toBe(1);
    const tech = await write.put(`/assessments/${id}/answers`, asChanges(TECH_JSON));
    expect(tech.status, JSON.stringify(tech.body)).toBe(200);
    // The same values again: nothing changes, no new revision.
    expect((await write.put(`/assessments/${id}/answers`, asChanges({ 'g-1': 1 }))).body.saved).toBe(0);

    const answers = await read.get(`/assessments/${id}/answers`);
    const byId = Object.fromEntries(answers.body.data.map((a: { question_id: string; value: unknown }) => [a.question_id, a.value]));
    expect(byId).toMatchObject({ 'g-llm': false, 't-multi': ['latency', 'drift', 'accuracy'], 't-num': 12 });

    const submitted = await write.post(`/assessments/${id}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    const result = (await read.get(`/assessments/${id}/result`)).body;
    expect(result).toEqual(await storedResult(id));
    // The pages' assessment had the same answers (and no adjustment): the same result.
    const reference = await storedResult(signedId);
    expect(result.levelScores).toEqual(reference.levelScores);
    expect(result.score).toBe(reference.score);
    expect(result.level).toBe(reference.level);
    expect(submitted.body.result).toMatchObject({ level: reference.level, score: reference.score });
    // Submitted: answers are locked, as on the page.
    const locked = await write.put(`/assessments/${id}/answers`, asChanges({ 'g-1': 0 }));
    expect(locked.status).toBe(409);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('assessment_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['assessment.started', 'assessment.submitted']));
  });

  it('refuses invalid answers with a JSON error naming each field path, and writes none of them', async () => {
    const id = (await write.post('/assessments', { org_id: orgId, questionnaire_id: 'mini' })).body.id;
    const res = await write.put(`/assessments/${id}/answers`, {
      answers: { 'g-2': { value: 1 }, 'g-1': { value: 0.7 }, 'g-5': { na: true }, 'g-4': { na: true }, nope: { value: 1 } },
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const paths = res.body.error.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(['answers.g-1.value', 'answers.g-4.na', 'answers.g-5.na', 'answers.nope']);
    expect(res.body.error.code).toBe('invalid');
    for (const f of res.body.error.fields) expect(f.reason).not.toMatch(/^(answerErrors|api)\./);
    expect(await answerCount(id)).toBe(0);

    const shape = await write.put(`/assessments/${id}/answers`, { answers: { 'g-1': { value: { x: 1 } } }, extra: 1 });
    expect(shape.status).toBe(400);
    expect(shape.body.error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['answers.g-1.value', '(body)']));

    const start = await write.post('/assessments', { questionnaire_id: 'nope', title: 'x'.repeat(201) });
    expect(start.status).toBe(400);
    expect(start.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['org_id', 'title']);
    const unknownQ = await write.post('/assessments', { org_id: orgId, questionnaire_id: 'nope' });
    expect(unknownQ.status).toBe(400);
    expect(unknownQ.body.error.fields).toEqual([{ path: 'questionnaire_id', reason: expect.any(String) }]);
  });

  it('keeps a respondent to the sections assigned to them', async () => {
    const respondent = await addMember(t, org, 'resp@example.com', 'respondent', '李填报');
    const token = await createToken(respondent, '填报脚本', 'write');
    const api = apiClient(t.app, token, 'zh-CN');
    const id = (await write.post('/assessments', { org_id: orgId, questionnaire_id: 'mini' })).body.id;
    await assign(org, id, { gov: await userIdOf(t, 'resp@example.com') });
    const theirs = await api.put(`/assessments/${id}/answers`, asChanges({ 'g-1': 1 }));
    expect(theirs.status).toBe(200);
    const notTheirs = await api.put(`/assessments/${id}/answers`, asChanges({ 't-1': 1 }));
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body.error.message).toContain('分配');
    expect((await api.post(`/assessments/${id}/submit`)).status).toBe(403);
    expect((await api.post('/assessments', { org_id: orgId, questionnaire_id: 'mini' })).status).toBe(403);
  });
});

describe('lists', () => {
  it('pages assessments by cursor, with filters, stable when rows are added between pages', async () => {
    for (let i = 0; i < 5; i++) expect((await write.post('/assessments', { org_id: orgId, questionnaire_id: 'mini', title: `分页 ${i}` })).status).toBe(201);
    const all = await t.ctx.db.selectFrom('assessments').select('id').where('org_id', '=', orgId).execute();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await read.get(`/assessments?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.data.map((a: { id: string }) => a.id));
      cursor = res.body.next_cursor;
      // A row inserted after the first page comes before it (newest first): no page repeats or skips a row.
      if (pages++ === 0) await write.post('/assessments', { org_id: orgId, questionnaire_id: 'mini', title: '中途新增' });
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(all.map((a) => a.id).sort());

    const drafts = await read.get(`/assessments?status=draft&org=${orgId}&questionnaire=mini&limit=100`);
    expect(drafts.body.data.every((a: { status: string }) => a.status === 'draft')).toBe(true);
    expect(drafts.body.next_cursor).toBeNull();
    expect((await read.get('/assessments?status=finalized')).body.data.map((a: { id: string }) => a.id)).toEqual([signedId]);
  });

  it('refuses a bad limit or cursor with field paths', async () => {
    const res = await read.get('/assessments?limit=500&cursor=%%%');
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain('limit');
    const bad = await read.get('/assessments?cursor=bm90LWpzb24');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['cursor']);
  });
});

describe('HTTP behaviour', () => {
  it('answers unknown paths and bad JSON as JSON, never a page', async () => {
    const unknown = await read.get('/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const badJson = await request(t.app).post('/api/v1/assessments').set('Authorization', `Bearer ${writeToken}`).set('Content-Type', 'application/json').send('{"org_id": ');
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('invalid_json');
    expect(badJson.text).not.toMatch(/<html|at .*\.js/);
    const big = await write.put(`/assessments/${signedId}/answers`, { answers: { 'g-1': { reason: 'x'.repeat(300_000) } } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('too_large');
  });

  it('needs no CSRF token or cookie, and sets none', async () => {
    const res = await write.post('/assessments', { org_id: orgId, questionnaire_id: 'mini' });
    expect(res.status).toBe(201);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('limits requests per token with 429 JSON and Retry-After', async () => {
    const token = await createToken(org, '限流测试', 'read');
    const id = (await t.ctx.db.selectFrom('api_tokens').select('id').where('name', '=', '限流测试').executeTakeFirstOrThrow()).id;
    const api = apiClient(t.app, token);
    expect((await api.get('/me')).status).toBe(200);
    // The shared store's counter, as if this token had used up its minute.
    await t.ctx.db.updateTable('rate_limits').set({ hits: API_RATE_LIMIT }).where('key', '=', `api:${id}`).execute();
    const res = await api.get('/me');
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Another token of the same user is counted on its own.
    expect((await read.get('/me')).status).toBe(200);
  });
});
