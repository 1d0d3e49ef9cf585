// Exports through HTTP: one assessment as CSV, XLSX and JSON (draft and signed), the JSON Schema it names,
// and the programme export of every assessment a user may see.
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Response } from 'superagent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssessmentExportSchema } from '../../server/exports/snapshot-schema.js';
import { findOrganization } from '../../server/orgs/repo.js';
import { findAssessment } from '../../server/record/assessments-repo.js';
import { listSignedReports } from '../../server/record/signed-repo.js';
import { liveSnapshot } from '../../server/record/snapshot.js';
import { agent, answerSection, PASSWORD, registerOrg, setupAdmin, startAssessment, submitForm, type Agent, type TestApp, createTestApp } from '../helpers/app.js';
import { createConsultant, GOV, login, review, submit, TECH } from '../helpers/review.js';
import { csrfTokenIn } from '../helpers/app.js';

const FORMULA_ORG = '=HYPERLINK("http://evil.example","点我")';
const NA_REASON = '-1+1';

/** Reads a response body as bytes, whatever its type. */
function bytes(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

const download = (a: Agent, path: string) => a.get(path).buffer(true).parse(bytes);

function csvRows(body: Buffer): string[][] {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(body, { bom: true, relax_column_count: false });
}

async function workbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

function sheetRows(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

let t: TestApp;
let admin: Agent;
let org: Agent;
let consultant: Agent;
let stranger: Agent;
let id: string;
let strangerId: string;

async function storedScore(assessmentId: string) {
  return t.ctx.db.selectFrom('assessment_scores').selectAll().where('assessment_id', '=', assessmentId).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  t = await createTestApp();
  admin = agent(t.app);
  await setupAdmin(admin);
  org = agent(t.app);
  await registerOrg(org, 'client@example.com', '客户公司');
  id = await startAssessment(org);
  await answerSection(org, id, 'gov', { ...GOV, 'g-4': undefined }, { na: { 'g-4': NA_REASON } });
  await answerSection(org, id, 'tech', TECH);
  expect((await submit(org, id)).status).toBe(303);
  await createConsultant(admin, '王顾问', 'wang@consult.example', '客户公司');
  consultant = await login(t, 'wang@consult.example');

  // Another organization, with a name that a spreadsheet would run as a formula, that the consultant does not serve.
  stranger = agent(t.app);
  await registerOrg(stranger, 'other@example.com', FORMULA_ORG);
  strangerId = await startAssessment(stranger);
  await answerSection(stranger, strangerId, 'gov', GOV);
}, 60_000);

afterAll(async () => {
  await t.close();
});

describe('one assessment', () => {
  it('exports the live record as JSON that the published schema parses and that equals the snapshot', async () => {
    const res = await download(org, `/assessments/${id}/export.json`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="zhiping-assessment-.*-draft\.json"/);
    const exported = AssessmentExportSchema.parse(JSON.parse(res.body.toString('utf8')));
    expect(exported.$schema).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/schemas\/assessment-snapshot\.json$/);
    const assessment = (await findAssessment(t.ctx.db, id))!;
    const live = await liveSnapshot(t.ctx.db, t.ctx.catalog.get('mini', assessment.questionnaire_version), assessment, (await findOrganization(t.ctx.db, assessment.org_id))!);
    const { $schema, ...snapshot } = exported;
    void $schema;
    expect({ ...snapshot, takenAt: live.takenAt }).toEqual(live);
    expect(snapshot.answers['g-4'].answer).toEqual({ na: true, reason: NA_REASON });
  });

  it('serves the JSON Schema at the address the export names', async () => {
    const res = await org.get('/schemas/assessment-snapshot.json');
    expect(res.status).toBe(200);
    const schema = JSON.parse(res.text);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toMatch(/\/schemas\/assessment-snapshot\.json$/);
    expect(schema.required).toEqual(expect.arrayContaining(['assessment', 'organization', 'answers', 'result', 'signature', '$schema']));
    expect(schema.additionalProperties).toBe(false);
  });

  it('exports the answers as CSV with a BOM, one row per question, in the user’s language, formulas neutralised', async () => {
    const zh = csvRows((await download(org, `/assessments/${id}/export.csv`)).body);
    expect(zh[0]).toEqual(['维度', '子维度', '题号', '题目', '考察等级', '作答', '不适用理由', '顾问调整', '调整状态', '证明材料']);
    const questions = t.ctx.catalog.get('mini', (await findAssessment(t.ctx.db, id))!.questionnaire_version).dimensions.flatMap((d) => d.subDimensions.flatMap((s) => s.questions));
    expect(zh.slice(1).map((r) => r[2])).toEqual(questions.map((q) => q.id));
    const g4 = zh.find((r) => r[2] === 'g-4')!;
    expect(g4[5]).toBe('不适用');
    expect(g4[6]).toBe(`'${NA_REASON}`);
    expect(zh.find((r) => r[2] === 'g-ladder')![4]).toBe('1–5');
    expect(zh.find((r) => r[2] === 'g-1')![5]).toBe('全部满足');

    const en = csvRows((await download(org, `/assessments/${id}/export.csv?lang=en`)).body);
    expect(en[0][5]).toBe('Answer');
    expect(en.find((r) => r[2] === 'g-1')![5]).toBe('Fully met');
  });

  it('refuses another organization’s assessment as its pages do', async () => {
    for (const format of ['csv', 'xlsx', 'json']) {
      expect((await stranger.get(`/assessments/${id}/export.${format}`)).status).toBe(403);
      expect((await consultant.get(`/assessments/${strangerId}/export.${format}`)).status).toBe(403);
    }
    expect((await stranger.get(`/assessments/${id}`)).status).toBe(403);
    expect((await org.get('/assessments/no-such-id/export.csv')).status).toBe(404);
    expect((await org.get(`/assessments/${id}/export.pdfx`)).status).toBe(404);
    const anonymous = await agent(t.app).get(`/assessments/${id}/export.csv`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login/);
  });

  it('after sign-off exports the frozen signed record, the same every time, with its results sheet', async () => {
    const adjust = async (fields: Record<string, string>) => {
      const page = await consultant.get(`/assessments/${id}`);
      return consultant.post(`/assessments/${id}/notes`).type('form').send({ _csrf: csrfTokenIn(page.text), ...fields });
    };
    expect((await review(consultant, id, 'start-review')).status).toBe(303);
    expect((await adjust({ questionId: 't-4', adjustedValue: '1', text: '现场查看了模型组合季度复盘记录。' })).status).toBe(303);
    expect((await review(consultant, id, 'finalize')).status).toBe(303);

    const signed = (await listSignedReports(t.ctx.db, id)).at(-1)!;
    const first = await download(org, `/assessments/${id}/export.json`);
    expect(first.headers['content-disposition']).toContain('-r1.json');
    const { $schema, ...snapshot } = AssessmentExportSchema.parse(JSON.parse(first.body.toString('utf8')));
    void $schema;
    expect(snapshot).toEqual(signed.snapshot);
    expect(snapshot.signature?.signedBy).toBe('王顾问');
    const again = JSON.parse((await download(consultant, `/assessments/${id}/export.json`)).body.toString('utf8'));
    expect({ ...again, $schema: undefined }).toEqual({ ...snapshot, $schema: undefined });

    const csv = csvRows((await download(org, `/assessments/${id}/export.csv`)).body);
    const t4 = csv.find((r) => r[2] === 't-4')!;
    expect(t4.slice(7, 9)).toEqual(['全部满足', '计入得分']);

    const res = await download(consultant, `/assessments/${id}/export.xlsx`);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = await workbook(res.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['答卷', '结果']);
    const answers = wb.getWorksheet('答卷')!;
    expect(answers.getRow(1).font?.bold).toBe(true);
    expect(answers.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const rows = sheetRows(answers);
    expect(rows.find((r) => r[2] === 'g-1')![5]).toBe('全部满足');
    expect(rows.find((r) => r[2] === 'g-4')![6]).toBe(`'${NA_REASON}`);
    const results = new Map(sheetRows(wb.getWorksheet('结果')!).map((r) => [r[0], r[1]]));
    const stored = await storedScore(id);
    expect(results.get('达到等级')).toBe(stored.level === null ? undefined : Number(stored.level));
    expect(results.get('综合得分')).toBeCloseTo(Number(stored.score), 10);
    expect(results.get('签署人')).toBe('王顾问 (华信咨询有限公司)');
    expect(String(results.get('验证码')).replace(/-/g, '')).toBe(signed.code);
  });
});

describe('the programme export', () => {
  async function allAssessments() {
    return t.ctx.db.selectFrom('assessments').leftJoin('assessment_scores as s', 's.assessment_id', 'assessments.id').select(['assessments.id', 'assessments.org_id', 's.level', 's.status']).execute();
  }

  it('gives the platform admin every assessment with its stored level, formula-looking names neutralised (CSV)', async () => {
    const res = await download(admin, '/exports/assessments.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = csvRows(res.body);
    expect(header.slice(0, 12)).toEqual(['评估编号', '评估名称', '组织', '统一社会信用代码', '省份', '行业', '规模', '问卷编号', '问卷版本', '状态', '等级', '得分']);
    const mini = t.ctx.catalog.latest().find((q) => q.id === 'mini')!;
    expect(header.slice(12, -3)).toEqual(mini.dimensions.map((d) => `${d.title['zh-CN']} (${d.id})`));
    expect(header.slice(-3)).toEqual(['创建时间', '提交时间', '签署时间']);
    const all = await allAssessments();
    expect(rows.map((r) => r[0]).sort()).toEqual(all.map((a) => a.id).sort());
    for (const a of all) {
      const row = rows.find((r) => r[0] === a.id)!;
      expect(row[10]).toBe(a.status === 'ok' && a.level !== null ? String(Number(a.level)) : '');
    }
    expect(rows.find((r) => r[0] === strangerId)![2]).toBe(`'${FORMULA_ORG}`);
    expect(rows.find((r) => r[0] === id)![9]).toBe('已签署');
  });

  it('gives a consultant only the assessments of the organizations assigned to them (XLSX)', async () => {
    const res = await download(consultant, '/exports/assessments.xlsx');
    expect(res.status).toBe(200);
    const wb = await workbook(res.body);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).font?.bold).toBe(true);
    const [header, ...rows] = sheetRows(ws);
    expect(rows.map((r) => r[0])).toEqual([id]);
    const stored = await storedScore(id);
    const dimensionLevels = (JSON.parse(stored.result_json) as { dimensions: { id: string; level: number }[] }).dimensions;
    for (const d of dimensionLevels) expect(rows[0][(header as string[]).findIndex((h) => h.endsWith(`(${d.id})`))]).toBe(d.level);
    expect(rows[0][10]).toBe(Number(stored.level));
  });

  it('neutralises formula-looking names in the XLSX too, and takes the queue’s filters', async () => {
    const wb = await workbook((await download(admin, `/exports/assessments.xlsx?lang=en&search=${encodeURIComponent('HYPERLINK')}`)).body);
    const [header, ...rows] = sheetRows(wb.worksheets[0]);
    expect(header[2]).toBe('Organization');
    expect(rows.map((r) => r[0])).toEqual([strangerId]);
    expect(rows[0][2]).toBe(`'${FORMULA_ORG}`);
    const signed = csvRows((await download(admin, '/exports/assessments.csv?group=signed')).body);
    expect(signed.slice(1).map((r) => r[0])).toEqual([id]);
  });

  it('gives an organization member only their own organization’s assessments', async () => {
    const [, ...rows] = csvRows((await download(stranger, '/exports/assessments.csv')).body);
    expect(rows.map((r) => r[0])).toEqual([strangerId]);
    expect((await submitForm(admin, '/admin', { name: '李顾问', email: 'li@consult.example', password: PASSWORD, passwordConfirm: PASSWORD, affiliation: '华信咨询有限公司' }, '/admin/consultants')).status).toBe(303);
    const nobody = await login(t, 'li@consult.example');
    const empty = csvRows((await download(nobody, '/exports/assessments.csv')).body);
    expect(empty).toHaveLength(1);
  });
});
