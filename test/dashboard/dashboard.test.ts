// The operator's dashboard through HTTP, on a deployment with mini 1.0.0 and 1.1.0: signed levels by group
// with groups of fewer than 5 organizations suppressed on the page, in the CSV and in the XLSX; filters by
// version and period; platform admins only. Assessments are answered, submitted and signed off through the
// services (signing ten through the pages would only repeat the review tests), sign-off dates set afterwards.
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAssessment } from '../../server/assessments/access.js';
import { saveAnswers, startAssessment, submitAssessment } from '../../server/assessments/service.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { insertUser } from '../../server/auth/users-repo.js';
import { startOfDay } from '../../server/dashboard/query.js';
import { latestSignedResults } from '../../server/dashboard/repo.js';
import { newId, nowIso } from '../../server/db/ids.js';
import type { User } from '../../server/db/schema.js';
import type { Answer } from '../../server/domain/questionnaire/answers.js';
import { placedQuestions } from '../../server/domain/questionnaire/model.js';
import type { Questionnaire } from '../../server/domain/questionnaire/schema.js';
import { scoreAssessment } from '../../server/domain/scoring/score.js';
import { addMember, assignConsultant, insertOrganization } from '../../server/orgs/repo.js';
import { insertAssessment } from '../../server/record/assessments-repo.js';
import { reopen, signOff } from '../../server/review/service.js';
import { agent, PASSWORD, setupAdmin, type Agent, type TestApp, createTestApp } from '../helpers/app.js';
import { login } from '../helpers/review.js';
import { binaryParser } from '../helpers/pdf.js';

let t: TestApp;
let admin: Agent;
let consultant: User;
let orgCount = 0;
let firstFinance: User;
let firstEnergy: User;
const expectedLevel: Record<string, number> = {};
const expectedDimensions: Record<string, number[]> = {};

/** Answers that meet every requirement up to `target` and none above it. */
function answersUpTo(q: Questionnaire, target: number): Map<string, Answer> {
  const answers = new Map<string, Answer>();
  for (const { question } of placedQuestions(q)) {
    const met = ('level' in question && question.level ? question.level : 1) <= target;
    if (question.type === 'conformance') answers.set(question.id, met ? 1 : 0);
    else if (question.type === 'ladder') answers.set(question.id, target);
    else if (question.type === 'yesno') answers.set(question.id, met);
    else if (question.type === 'single') answers.set(question.id, [...question.options].sort((a, b) => (met ? b.score - a.score : a.score - b.score))[0].value);
    else if (question.type === 'multiple') answers.set(question.id, met ? question.options.map((o) => o.value) : []);
    else if (question.type === 'number') answers.set(question.id, 5);
    else answers.set(question.id, '说明');
  }
  return answers;
}

/** An organization with one assessment of mini `version` signed off by the consultant at `signedAt`. */
async function signedOrganization(spec: { industry: string; province: string; target: number; signedAt: string; version?: string }): Promise<User> {
  const n = ++orgCount;
  const user = await insertUser(t.ctx.db, { email: `org${n}@example.com`, name: `管理员${n}`, passwordHash: await hashPassword(PASSWORD) });
  const org = await insertOrganization(t.ctx.db, { name: `企业${n}`, industry: spec.industry, sizeBand: 'medium', province: spec.province });
  await addMember(t.ctx.db, org.id, user.id, 'org_admin');
  await assignConsultant(t.ctx.db, org.id, consultant.id);
  await signedAssessment(user, org.id, spec);
  return user;
}

/** An assessment of the organization answered up to level `target`, submitted, signed off, dated `signedAt`. */
async function signedAssessment(user: User, orgId: string, spec: { target: number; signedAt: string; version?: string }): Promise<string> {
  let id: string;
  if (spec.version) {
    id = newId();
    const now = nowIso();
    await insertAssessment(t.ctx.db, {
      id, org_id: orgId, questionnaire_id: 'mini', questionnaire_version: spec.version, weight_profile: null, title: 'v1', status: 'draft',
      created_by: user.id, created_at: now, updated_at: now, submitted_at: null, finalized_at: null, finalized_by: null,
    });
  } else {
    id = (await startAssessment(t.ctx, user, { orgId, questionnaireId: 'mini', weightProfile: '', locale: 'zh-CN', title: '年度自评' })).id;
  }
  const access = await openAssessment(t.ctx, user, id);
  const answers = answersUpTo(access.questionnaire, spec.target);
  const scored = scoreAssessment(access.questionnaire, answers);
  expectedLevel[`${access.questionnaire.version}:${spec.target}`] = scored.level!;
  expectedDimensions[`${access.questionnaire.version}:${spec.target}`] = scored.dimensions.map((d) => d.level);
  await saveAnswers(t.ctx, user, access, new Map([...answers].map(([q, answer]) => [q, { answer }])));
  await submitAssessment(t.ctx, user, await openAssessment(t.ctx, user, id));
  await signOff(t.ctx, consultant, await openAssessment(t.ctx, consultant, id), '结论可信。');
  await t.ctx.db.updateTable('assessments').set({ finalized_at: spec.signedAt }).where('id', '=', id).execute();
  return id;
}

/** The cells of the row headed `label` in the table captioned `caption`: '—' where a figure is suppressed. */
function rowOf(html: string, caption: string, label: string): string[] {
  const table = html.split('<table').find((part) => part.includes(`${caption}</caption>`));
  expect(table, caption).toBeDefined();
  const row = table!.split('<tr').find((r) => r.includes(`<th scope="row">${label}</th>`));
  expect(row, label).toBeDefined();
  return [...row!.matchAll(/<td class="num">(.*?)<\/td>/gs)].map((m) => (m[1].includes('class="suppressed"') ? '—' : m[1].trim()));
}

beforeAll(async () => {
  t = await createTestApp({ QUESTIONNAIRE_DIR: resolve(import.meta.dirname, '../fixtures/questionnaire-versions') });
  admin = agent(t.app, 'en');
  await setupAdmin(admin);
  consultant = await insertUser(t.ctx.db, { email: 'wang@consult.example', name: '王顾问', passwordHash: await hashPassword(PASSWORD), isConsultant: true });
  // On 1.1.0 (the newest): 5 finance organizations signed in Q1 2025, 4 energy and 1 retail in Q3 2025.
  for (let i = 0; i < 5; i++) {
    const user = await signedOrganization({ industry: 'finance', province: '440000', target: 2, signedAt: `2025-02-1${i}T03:00:00.000Z` });
    firstFinance ??= user;
  }
  for (let i = 0; i < 4; i++) {
    const user = await signedOrganization({ industry: 'energy', province: '310000', target: 3, signedAt: `2025-08-1${i}T03:00:00.000Z` });
    firstEnergy ??= user;
  }
  await signedOrganization({ industry: 'retail', province: '310000', target: 1, signedAt: '2025-08-20T03:00:00.000Z' });
  // On 1.0.0: 6 finance organizations, one of them signed at 01:00 Beijing time on 1 July 2025 (still 30 June in UTC).
  for (let i = 0; i < 5; i++) await signedOrganization({ industry: 'finance', province: '440000', target: 4, signedAt: `2025-05-0${i + 1}T03:00:00.000Z`, version: '1.0.0' });
  await signedOrganization({ industry: 'finance', province: '440000', target: 4, signedAt: '2025-06-30T17:00:00.000Z', version: '1.0.0' });
}, 240_000);
afterAll(() => t.close());

describe('the programme dashboard', () => {
  it('shows a group of 5 signed organizations with its counts and levels, and suppresses a group of 4', async () => {
    const page = await admin.get('/admin/dashboard');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Mini questionnaire v1.1.0');
    const level = expectedLevel['1.1.0:2'];
    expect(level).toBeGreaterThan(0);
    const finance = rowOf(page.text, 'Signed levels by industry', 'Finance');
    // Organizations, levels 0..5, mean level.
    expect(finance).toEqual(['5', ...[0, 1, 2, 3, 4, 5].map((k) => (k === level ? '5' : '—')), `${level}.00`]);
    expect(rowOf(page.text, 'Signed levels by industry', 'Energy')).toEqual(Array(8).fill('—'));
    expect(rowOf(page.text, 'Signed levels by industry', 'Retail and consumer')).toEqual(Array(8).fill('—'));
    expect(rowOf(page.text, 'Signed levels by industry', 'All organizations')[0]).toBe('10');
    expect(rowOf(page.text, 'Mean dimension levels by industry', 'Finance')).toEqual(['5', ...expectedDimensions['1.1.0:2'].map((l) => `${l}.00`)]);
    expect(rowOf(page.text, 'Mean dimension levels by industry', 'Energy')).toEqual(['—', '—', '—']);
    expect(page.text).toContain('fewer than 5 organizations');
    // The chart: an accessible image with a bar for the finance group and none for energy.
    expect(page.text).toMatch(/<svg class="chart"[^>]*role="img"[^>]*aria-labelledby="levels-chart-title"/);
    expect(page.text).toContain('>Finance (5)</text>');
    expect(page.text).not.toContain('>Energy (');
    // Statuses and completion for the version: ten signed, of sixteen active organizations.
    expect(rowOf(page.text, 'Assessments by status', 'Signed off')).toEqual(['10']);
    expect(page.text).toContain('10 of 16 active organizations');
  });

  it('suppresses the same figures in the CSV download', async () => {
    const res = await admin.get('/admin/dashboard/export.csv?table=levels&by=industry').buffer(true).parse(binaryParser);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('zhiping-dashboard_mini-1.1.0_levels-industry.csv');
    const text = res.body.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows: string[][] = parse(text.slice(1), { relax_column_count: true });
    expect(rows[0]).toEqual(['Industry', 'Organizations', 'Below level 1', 'Planning', 'Standardised', 'Integrated', 'Optimised', 'Leading', 'Mean level']);
    const level = expectedLevel['1.1.0:2'];
    expect(rows.find((r) => r[0] === 'Finance')).toEqual(['Finance', '5', ...[0, 1, 2, 3, 4, 5].map((k) => (k === level ? '5' : '—')), String(level)]);
    expect(rows.find((r) => r[0] === 'Energy')).toEqual(['Energy', ...Array(8).fill('—')]);
    expect(rows.find((r) => r[0] === 'All organizations')![1]).toBe('10');
    expect(rows.at(-1)![0]).toContain('fewer than 5 organizations');
    expect(text).not.toMatch(/^Energy,4/m);
  });

  it('suppresses the same figures in the XLSX download, every grouping on its own sheet', async () => {
    const res = await admin.get('/admin/dashboard/export.xlsx').buffer(true).parse(binaryParser);
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body);
    const sheet = workbook.getWorksheet('Levels by industry')!;
    const values = (label: string) => {
      let found: unknown[] | undefined;
      sheet.eachRow((row) => { if (row.getCell(1).value === label) found = (row.values as unknown[]).slice(1); });
      return found;
    };
    expect(values('Finance')!.slice(0, 2)).toEqual(['Finance', 5]);
    expect(values('Energy')).toEqual(['Energy', ...Array(8).fill('—')]);
    expect(values('All organizations')![1]).toBe(10);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Status', 'Levels by industry', 'Dimensions by industry', 'Levels by province', 'Dimensions by province', 'Levels by size band', 'Dimensions by size band', 'Dimension levels']);
    // Provinces: Guangdong 5 and Shanghai 5 are both shown.
    const provinces = workbook.getWorksheet('Levels by province')!;
    const counts: Record<string, unknown> = {};
    provinces.eachRow((row) => { counts[String(row.getCell(1).value)] = row.getCell(2).value; });
    expect(counts.Guangdong).toBe(5);
    expect(counts.Shanghai).toBe(5);
    expect(counts.Beijing).toBe('—');
  });

  it('counts the version chosen: levels of different versions are never mixed', async () => {
    const page = await admin.get('/admin/dashboard?questionnaire=mini@1.0.0');
    expect(page.text).toContain('Mini questionnaire v1.0.0');
    const level = expectedLevel['1.0.0:4'];
    expect(rowOf(page.text, 'Signed levels by industry', 'Finance')).toEqual(['6', ...[0, 1, 2, 3, 4, 5].map((k) => (k === level ? '6' : '—')), `${level}.00`]);
    expect(rowOf(page.text, 'Signed levels by industry', 'All organizations')[0]).toBe('6');
    expect(rowOf(page.text, 'Assessments by status', 'Signed off')).toEqual(['6']);
  });

  it('counts the period chosen, by dates or by year and quarter, in the deployment time zone', async () => {
    const q1 = await admin.get('/admin/dashboard?year=2025&quarter=1');
    expect(rowOf(q1.text, 'Signed levels by industry', 'All organizations')[0]).toBe('5');
    expect(rowOf(q1.text, 'Signed levels by industry', 'Finance')[0]).toBe('5');
    expect(q1.text).toContain('5 of 16 active organizations');
    const q3 = await admin.get('/admin/dashboard?year=2025&quarter=3');
    expect(rowOf(q3.text, 'Signed levels by industry', 'All organizations')[0]).toBe('5');
    expect(rowOf(q3.text, 'Signed levels by industry', 'Finance')[0]).toBe('—');
    expect(rowOf(q3.text, 'Signed levels by industry', 'Energy')[0]).toBe('—');
    const dates = await admin.get('/admin/dashboard?from=2025-02-12&to=2025-08-31');
    expect(dates.text).toContain('8 of 16 active organizations');
    // 2025-06-30T17:00Z is 1 July in Beijing: in Q3 of 2025, not Q2.
    const q2old = await admin.get('/admin/dashboard?questionnaire=mini@1.0.0&year=2025&quarter=2');
    expect(rowOf(q2old.text, 'Signed levels by industry', 'Finance')[0]).toBe('5');
    const q3old = await admin.get('/admin/dashboard?questionnaire=mini@1.0.0&year=2025&quarter=3');
    expect(q3old.text).toContain('1 of 16 active organizations');
    expect(startOfDay('2025-07-01', 'Asia/Shanghai')).toBe('2025-06-30T16:00:00.000Z');
  });

  it('falls back to the defaults for filters it cannot read', async () => {
    const page = await admin.get('/admin/dashboard?questionnaire=nope@9.9.9&year=abc&from=2025-13-45&by=planet');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Mini questionnaire v1.1.0');
    expect(rowOf(page.text, 'Signed levels by industry', 'All organizations')[0]).toBe('10');
  });

  it('is in Chinese too', async () => {
    const page = await (await login(t, 'admin@example.com')).get('/admin/dashboard?by=province');
    expect(page.status).toBe(200);
    expect(page.text).toContain('各省份的签署等级分布');
    expect(rowOf(page.text, '各省份的签署等级分布', '广东省')[0]).toBe('5');
    expect(page.text).toContain('不足 5 家企业');
  });

  it('counts an organization once, with its latest sign-off in the period', async () => {
    const orgId = (await t.ctx.db.selectFrom('memberships').select('org_id').where('user_id', '=', firstFinance.id).executeTakeFirstOrThrow()).org_id;
    await signedAssessment(firstFinance, orgId, { target: 4, signedAt: '2025-03-01T03:00:00.000Z' });
    const [two, four] = [expectedLevel['1.1.0:2'], expectedLevel['1.1.0:4']];
    const page = await admin.get('/admin/dashboard');
    expect(rowOf(page.text, 'Signed levels by industry', 'All organizations')[0]).toBe('10');
    // Finance: 4 at one level and 1 at another, both below 5, so neither count is shown; the mean moves.
    expect(rowOf(page.text, 'Signed levels by industry', 'Finance')).toEqual(['5', ...Array(6).fill('—'), ((4 * two + four) / 5).toFixed(2)]);
    const before = await admin.get('/admin/dashboard?to=2025-02-28');
    expect(rowOf(before.text, 'Signed levels by industry', 'Finance')).toEqual(['5', ...[0, 1, 2, 3, 4, 5].map((k) => (k === two ? '5' : '—')), `${two}.00`]);
  });

  it('follows a sign-off being reopened and signed again: the figures are the stored results in force', async () => {
    const orgId = (await t.ctx.db.selectFrom('memberships').select('org_id').where('user_id', '=', firstEnergy.id).executeTakeFirstOrThrow()).org_id;
    const { id } = await t.ctx.db.selectFrom('assessments').select('id').where('org_id', '=', orgId).where('status', '=', 'finalized').executeTakeFirstOrThrow();
    const level = (target: number) => expectedLevel[`1.1.0:${target}`];
    // On 1.1.0 after the test above: finance 4 at level 2 and 1 at 4, energy 4 at 3, retail 1 at 1.
    const signed = [...Array(4).fill(level(2)), level(4), ...Array(4).fill(level(3)), level(1)];
    const shown = async () => {
      const page = await admin.get('/admin/dashboard');
      const all = rowOf(page.text, 'Signed levels by industry', 'All organizations');
      return { organizations: all[0], mean: all.at(-1), signedOff: rowOf(page.text, 'Assessments by status', 'Signed off')[0], completion: /(\d+) of 16 active organizations/.exec(page.text)?.[1] };
    };
    const mean = (levels: number[]) => (levels.reduce((a, b) => a + b, 0) / levels.length).toFixed(2);
    expect(await shown()).toEqual({ organizations: '10', mean: mean(signed), signedOff: '11', completion: '10' });

    await reopen(t.ctx, consultant, await openAssessment(t.ctx, consultant, id), '证据需要补充。');
    const reopened = [...signed.slice(0, 5), ...signed.slice(6)];
    expect(await shown()).toEqual({ organizations: '9', mean: mean(reopened), signedOff: '10', completion: '9' });

    // Answered up to level 5 this time, submitted and signed again: the organization counts once, at its new level.
    const access = await openAssessment(t.ctx, firstEnergy, id);
    const answers = answersUpTo(access.questionnaire, 5);
    const newLevel = scoreAssessment(access.questionnaire, answers).level!;
    expect(newLevel).not.toBe(level(3));
    await saveAnswers(t.ctx, firstEnergy, access, new Map([...answers].map(([q, answer]) => [q, { answer }])));
    await submitAssessment(t.ctx, firstEnergy, await openAssessment(t.ctx, firstEnergy, id));
    await signOff(t.ctx, consultant, await openAssessment(t.ctx, consultant, id), '补充后结论可信。');
    expect(await shown()).toEqual({ organizations: '10', mean: mean([...reopened, newLevel]), signedOff: '11', completion: '10' });
  });

  it('reads each result’s dimension levels whatever the number of dimensions (packed 15 to a number in the query)', async () => {
    const version = { questionnaireId: 'mini', version: '1.1.0' };
    const ids = t.ctx.catalog.get('mini', '1.1.0').dimensions.map((d) => d.id);
    const direct = await latestSignedResults(t.ctx.db, version, {}, ids);
    expect(direct.map((r) => Object.keys(r.dimensions).length)).toEqual(direct.map(() => ids.length));
    // The real dimensions at the 15th, 16th, … places: across two packed numbers, with dimensions no result has before them.
    const absent = Array.from({ length: 14 }, (_, i) => `absent-${i}`);
    const shifted = await latestSignedResults(t.ctx.db, version, {}, [...absent, ...ids]);
    expect(shifted).toEqual(direct);
    // Each as stored for the organization's latest sign-off.
    for (const r of direct) {
      const stored = await t.ctx.db
        .selectFrom('dimension_scores as d')
        .innerJoin('assessments as a', 'a.id', 'd.assessment_id')
        .select(['d.dimension_id', 'd.level'])
        .where('a.org_id', '=', r.orgId)
        .where('a.questionnaire_version', '=', '1.1.0')
        .where('a.finalized_at', '=', r.signedAt)
        .execute();
      expect(r.dimensions).toEqual(Object.fromEntries(stored.map((d) => [d.dimension_id, Number(d.level)])));
    }
  });

  it('refuses everyone but the platform admin', async () => {
    const org = await login(t, 'org1@example.com');
    expect((await org.get('/admin/dashboard')).status).toBe(403);
    expect((await org.get('/admin/dashboard/export.csv?table=levels')).status).toBe(403);
    expect((await org.get('/admin/dashboard/export.xlsx')).status).toBe(403);
    const wang = await login(t, 'wang@consult.example');
    expect((await wang.get('/admin/dashboard')).status).toBe(403);
    const anonymous = await agent(t.app).get('/admin/dashboard');
    expect(anonymous.status).toBe(303);
  });
});
