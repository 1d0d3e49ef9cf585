// The review queue: the consultant's home, grouped by what each assessment needs, with filters, search,
// sorting and pages of 50 done in the database; only the consultant's client organizations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, createTestApp, nextCreditCode, registerOrg, setupAdmin, type Agent, type TestApp } from '../helpers/app.js';
import { createConsultant, login } from '../helpers/review.js';
import { insertAssessment } from '../../server/record/assessments-repo.js';
import { insertOrganization } from '../../server/orgs/repo.js';
import type { AssessmentStatus } from '../../server/domain/workflow.js';

let t: TestApp;
let consultant: Agent;
let seeder: string;
const orgs: Record<string, { id: string; code: string }> = {};

async function seed(orgName: string, status: AssessmentStatus, count: number, day: string) {
  for (let i = 0; i < count; i++) {
    const at = `${day}T08:${String(i % 60).padStart(2, '0')}:00.000Z`;
    await insertAssessment(t.ctx.db, {
      id: `${orgs[orgName].id}-${status}-${i}`,
      org_id: orgs[orgName].id,
      questionnaire_id: 'mini',
      questionnaire_version: '1.0.0',
      weight_profile: null,
      title: `${orgName} ${status} ${i}`,
      status,
      created_by: seeder,
      created_at: at,
      updated_at: at,
      submitted_at: status === 'draft' ? null : at,
      finalized_at: null,
      finalized_by: null,
    });
  }
}

const suggestionsIn = (html: string) => [.../<datalist id="queue-organizations">([\s\S]*?)<\/datalist>/.exec(html)![1].matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
const rowsIn = (html: string) => [...html.matchAll(/<tr>\s*<td><a [^>]*>([^<]+)/g)].map((m) => m[1].trim());

beforeAll(async () => {
  t = await createTestApp();
  const admin = agent(t.app);
  await setupAdmin(admin);
  for (const [name, email] of [['甲制造', 'a@example.com'], ['乙物流', 'b@example.com'], ['丙银行', 'c@example.com']]) {
    await registerOrg(agent(t.app), email, name);
    const row = await t.ctx.db.selectFrom('organizations').select(['id', 'credit_code']).where('name', '=', name).executeTakeFirstOrThrow();
    orgs[name] = { id: row.id, code: row.credit_code! };
  }
  await createConsultant(admin, '王顾问', 'wang@consult.example', '甲制造');
  const wang = await t.ctx.db.selectFrom('users').select('id').where('email', '=', 'wang@consult.example').executeTakeFirstOrThrow();
  await t.ctx.db.insertInto('consultant_assignments').values({ org_id: orgs['乙物流'].id, consultant_id: wang.id, created_at: new Date().toISOString() }).execute();
  consultant = await login(t, 'wang@consult.example');
  seeder = wang.id;
  await seed('甲制造', 'submitted', 60, '2026-10-05');
  await seed('乙物流', 'submitted', 3, '2026-11-20');
  await seed('乙物流', 'in_review', 5, '2026-11-21');
  await seed('乙物流', 'finalized', 2, '2026-09-01');
  // Not the consultant's client.
  await seed('丙银行', 'submitted', 4, '2026-11-22');
});
afterAll(() => t.close());

describe('the review queue', () => {
  it('is the consultant home after sign-in, grouped with counts, only their clients', async () => {
    const home = await consultant.get('/');
    expect(home.headers.location).toBe('/review');
    const page = await consultant.get('/review');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/等待审阅 <span class="count">63<\/span>/);
    expect(page.text).toMatch(/审阅中 <span class="count">5<\/span>/);
    expect(page.text).toMatch(/已签署 <span class="count">2<\/span>/);
    expect(page.text).not.toContain('丙银行');
  });

  it('pages 50 at a time', async () => {
    const first = await consultant.get('/review');
    expect(rowsIn(first.text)).toHaveLength(50);
    expect(first.text).toContain('第 1–50 项，共 63 项');
    expect(first.text).toContain('href="/review?page=2"');
    const second = await consultant.get('/review?page=2');
    expect(rowsIn(second.text)).toHaveLength(13);
    // Newest change first: the 乙物流 submissions of 11-20 lead page 1.
    expect(rowsIn(first.text)[0]).toBe('乙物流');
  });

  it('filters by organization, questionnaire, date range, and searches by name or credit code', async () => {
    expect(rowsIn((await consultant.get(`/review?orgId=${orgs['乙物流'].id}`)).text)).toEqual(['乙物流', '乙物流', '乙物流']);
    expect(rowsIn((await consultant.get('/review?from=2026-11-01&to=2026-11-30')).text)).toHaveLength(3);
    expect(rowsIn((await consultant.get('/review?to=2026-10-05')).text)).toHaveLength(50);
    expect(rowsIn((await consultant.get('/review?questionnaireId=enterprise-ai-maturity')).text)).toHaveLength(0);
    const byCode = await consultant.get(`/review?search=${orgs['甲制造'].code.slice(-8).toLowerCase()}`);
    expect(new Set(rowsIn(byCode.text))).toEqual(new Set(['甲制造']));
    expect(new Set(rowsIn((await consultant.get(`/review?search=${encodeURIComponent('物流')}`)).text))).toEqual(new Set(['乙物流']));
    // Another consultant's client stays out even when searched for by name.
    expect(rowsIn((await consultant.get(`/review?search=${encodeURIComponent('丙银行')}`)).text)).toHaveLength(0);
    // A LIKE wildcard is taken literally.
    expect(rowsIn((await consultant.get('/review?search=%25')).text)).toHaveLength(0);
  });

  it('sorts by organization and groups by stage', async () => {
    const sorted = rowsIn((await consultant.get('/review?sort=org')).text);
    // 乙 (U+4E59) before 甲 (U+7532).
    expect(sorted.slice(0, 4)).toEqual(['乙物流', '乙物流', '乙物流', '甲制造']);
    expect(rowsIn((await consultant.get('/review?group=in-review')).text)).toHaveLength(5);
    expect(rowsIn((await consultant.get('/review?group=signed')).text)).toHaveLength(2);
  });

  it('sorts by stored level either way, ties newest change first, and pages in that order', async () => {
    // The five in review of 乙物流 (changed 08:00 to 08:04), scored at these levels; the last one not scored.
    const levels = [3, 1, 4, 1, null];
    for (const [i, level] of levels.entries()) {
      if (level === null) continue;
      await t.ctx.db
        .insertInto('assessment_scores')
        .values({ assessment_id: `${orgs['乙物流'].id}-in_review-${i}`, status: 'ok', level, score: level, band: level, answered_share: 1, result_json: '{}', computed_at: '2026-11-21T09:00:00.000Z' })
        .execute();
    }
    const order = async (path: string) =>
      [...(await consultant.get(path)).text.matchAll(/<a href="\/assessments\/[^"]*-in_review-(\d)">/g)].map((m) => Number(m[1]));
    const descending = await order('/review?group=in-review&sort=level-desc');
    const ascending = await order('/review?group=in-review&sort=level-asc');
    // Where the database puts an unscored assessment differs (PostgreSQL: first when descending); the scored ones do not.
    expect(descending.filter((i) => i !== 4)).toEqual([2, 0, 3, 1]);
    expect(ascending.filter((i) => i !== 4)).toEqual([3, 1, 0, 2]);
    expect(descending).toHaveLength(5);
    // Sorted by level, the submitted of 甲制造 (unscored, 60 of them) and 乙物流 page on: the pages add up to every row once.
    const rows = async (page: number) => (await consultant.get(`/review?sort=level-asc&page=${page}`)).text.match(/<a href="\/assessments\/[^"]+">/g) ?? [];
    const [first, second] = [await rows(1), await rows(2)];
    expect(first).toHaveLength(50);
    expect(second).toHaveLength(13);
    expect(new Set([...first, ...second]).size).toBe(63);
  });

  it('suggests at most 50 organization names in scope, those matching the search, and narrows to a row’s organization', async () => {
    for (let i = 0; i < 55; i++) {
      const org = await insertOrganization(t.ctx.db, { name: `咨询客户 ${String(i).padStart(2, '0')}`, creditCode: nextCreditCode(), province: '110000', industry: 'energy', sizeBand: 'small' });
      await t.ctx.db.insertInto('consultant_assignments').values({ org_id: org.id, consultant_id: seeder, created_at: new Date().toISOString() }).execute();
    }
    const page = (await consultant.get('/review')).text;
    expect(page).not.toContain('<select id="orgId"');
    const suggested = suggestionsIn(page);
    expect(suggested).toHaveLength(50);
    expect(suggested.slice(0, 3)).toEqual(['乙物流', '咨询客户 00', '咨询客户 01']);
    expect(suggested).not.toContain('丙银行');
    expect(suggestionsIn((await consultant.get(`/review?search=${encodeURIComponent('物流')}`)).text)).toEqual(['乙物流']);
    expect(suggestionsIn((await consultant.get(`/review?search=${encodeURIComponent('丙银行')}`)).text)).toEqual([]);
    // Each row's organization links to the queue narrowed to it, which says so and offers the way back.
    const link = new RegExp(`<a href="([^"]+)"[^>]*>乙物流</a>`).exec(page)![1].replaceAll('&amp;', '&');
    expect(link).toBe(`/review?orgId=${orgs['乙物流'].id}`);
    const narrowed = (await consultant.get(link)).text;
    expect(rowsIn(narrowed)).toEqual(['乙物流', '乙物流', '乙物流']);
    expect(narrowed).toContain('只看 乙物流 的评估');
    expect(narrowed).toContain(`<input type="hidden" name="orgId" value="${orgs['乙物流'].id}">`);
    expect(narrowed).toContain('<a href="/review">全部组织</a>');
  });

  it('is not for members of an organization', async () => {
    const member = agent(t.app);
    await registerOrg(member, 'd@example.com', '丁公司');
    expect((await member.get('/review')).status).toBe(403);
  });
});
