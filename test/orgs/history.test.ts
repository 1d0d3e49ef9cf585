// An organization's signed results over time: per questionnaire, each sign-off in force with its level,
// composite score and dimension scores from the frozen snapshot (the figures of the signed PDF), as a
// table and an SVG chart; for its members, its consultants and platform admins only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumber } from '../../server/i18n.js';
import { listSignedReports, type SignedReport } from '../../server/record/signed-repo.js';
import { agent, answerSection, createTestApp, registerOrg, setupAdmin, type Agent, type TestApp } from '../helpers/app.js';
import { confirmCarried, idFrom, signOff, startFrom } from '../helpers/carry.js';
import { binaryParser, pdfText } from '../helpers/pdf.js';
import { createConsultant, GOV, login, review, submit, TECH } from '../helpers/review.js';
import { addMember, adminOrgId } from '../helpers/team.js';

let t: TestApp;
let admin: Agent;
let org: Agent;
let consultant: Agent;
let orgId: string;
/** The two sign-offs in force, oldest first; and an assessment signed, then reopened. */
let signed: SignedReport[];
let reopened: string;

/** Answers, submits and signs off an assessment; returns its current sign-off. */
async function signedAssessment(title: string, gov: Record<string, unknown>, tech: Record<string, unknown>): Promise<SignedReport> {
  const id = idFrom(await startFrom(org, undefined, { title }));
  await answerSection(org, id, 'gov', gov);
  await answerSection(org, id, 'tech', tech);
  expect((await submit(org, id)).status).toBe(303);
  await signOff(consultant, id);
  return (await listSignedReports(t.ctx.db, id)).at(-1)!;
}

const history = (a: Agent, lang: 'zh-CN' | 'en' = 'zh-CN') => a.get(`/orgs/${orgId}/history`).set('Accept-Language', lang);
/** The cells of the history table's body rows, tags and links stripped. */
const rowsOf = (html: string) =>
  [...html.matchAll(/<tr>\s*<th scope="row">([\s\S]*?)<\/tr>/g)].map((m) =>
    [...`<th>${m[1]}`.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()),
  );

beforeAll(async () => {
  t = await createTestApp();
  admin = agent(t.app);
  await setupAdmin(admin);
  org = agent(t.app);
  await registerOrg(org, 'client@example.com', '客户公司');
  orgId = await adminOrgId(org);
  await createConsultant(admin, '王顾问', 'wang@consult.example', '客户公司');
  consultant = await login(t, 'wang@consult.example');
  const first = await signedAssessment('2025 年度自评', GOV, TECH);
  // A year on, governance has improved: an LLM programme with evaluations, the ladder a step higher.
  const better = { ...GOV, 'g-ladder': '4', 'g-llm': 'yes', 'g-llm-eval': '1', 'g-4': '1' };
  const second = await signedAssessment('2026 年度自评', better, { ...TECH, 't-4': '0.8' });
  signed = [first, second];
  // Signed and then reopened: its sign-off no longer counts.
  reopened = idFrom(await startFrom(org, second.assessmentId, { title: '重新打开的评估' }));
  await confirmCarried(org, reopened, 'gov');
  await confirmCarried(org, reopened, 'tech');
  expect((await submit(org, reopened)).status).toBe(303);
  await signOff(consultant, reopened);
  expect((await review(consultant, reopened, 'reopen', { reason: '补充材料后重新审定。' })).status).toBe(303);
});
afterAll(() => t.close());

describe("an organization's results over time", () => {
  it('lists each signed assessment with the level, score and dimension scores of its frozen snapshot, oldest first', async () => {
    const res = await history(org);
    expect(res.status).toBe(200);
    expect(res.text).toContain('历次评估结果');
    const rows = rowsOf(res.text);
    expect(rows).toHaveLength(2);
    const levelNames = ['未达一级', '规划级', '规范级', '集成级', '优化级', '引领级'];
    signed.forEach((s, i) => {
      const { result } = s.snapshot;
      const dims = ['gov', 'tech'].map((d) => formatNumber(result.dimensions.find((x) => x.id === d)!.score, 'zh-CN'));
      expect(rows[i].slice(1, 7)).toEqual([s.snapshot.assessment.title, 'v1.0.0', levelNames[result.level!], formatNumber(result.score!, 'zh-CN'), ...dims]);
    });
    // The numbers are real and differ: the second year scores higher in governance.
    const gov = signed.map((s) => s.snapshot.result.dimensions.find((d) => d.id === 'gov')!.score);
    expect(gov[1]).toBeGreaterThan(gov[0]);
    expect(res.text).not.toContain('重新打开的评估');
    expect(res.text).toContain(`/assessments/${signed[1].assessmentId}/signed/1/report.pdf?lang=zh-CN`);
  });

  it('shows the same composite score as the signed PDF report', async () => {
    const pdf = await org.get(`/assessments/${signed[1].assessmentId}/signed/1/report.pdf?lang=zh-CN`).buffer(true).parse(binaryParser);
    expect(pdf.status).toBe(200);
    const score = formatNumber(signed[1].snapshot.result.score!, 'zh-CN');
    expect(pdfText(pdf.body)).toContain(score);
    expect(rowsOf((await history(org)).text)[1][4]).toBe(score);
  });

  it('draws the chart: a line for the composite score and one per dimension, labelled axes, a legend', async () => {
    const html = (await history(org)).text;
    const svg = /<svg class="chart"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="trend-mini-title">迷你问卷：综合得分与各维度得分随时间的变化</title>');
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg).toContain('得分（0–5）');
    expect(svg).toContain('签署日期');
    // The composite score's points carry their value, as the table does.
    for (const s of signed) expect(svg).toContain(`font-weight="bold">${formatNumber(s.snapshot.result.score!, 'zh-CN')}</text>`);
    expect(html).toMatch(/<ul class="legend-lines">[\s\S]*综合得分[\s\S]*战略与治理[\s\S]*<\/ul>/);
  });

  it('speaks English on an English page', async () => {
    const html = (await history(org, 'en')).text;
    expect(html).toContain('<h1>Results over time</h1>');
    expect(html).toContain('Mini questionnaire: composite and dimension scores over time');
    expect(html).toContain('Score (0–5)');
    expect(rowsOf(html)[0][2]).toBe('v1.0.0');
  });

  it('is linked from the assessment list, the profile and the assessment overview', async () => {
    const link = `href="/orgs/${orgId}/history"`;
    expect((await org.get('/assessments')).text).toContain(link);
    expect((await org.get(`/orgs/${orgId}/profile`)).text).toContain(link);
    expect((await consultant.get(`/assessments/${signed[0].assessmentId}`)).text).toContain(link);
  });

  it("is for the organization's members, its consultants and platform admins; not for another organization", async () => {
    const viewer = await addMember(t, org, 'viewer@example.com', 'viewer', '赵查看');
    for (const a of [viewer, consultant, admin]) expect((await history(a)).status).toBe(200);
    const other = agent(t.app);
    await registerOrg(other, 'other@example.com', '别家公司');
    expect((await history(other)).status).toBe(403);
    expect((await other.get('/orgs/no-such-org/history')).status).toBe(404);
    const own = await other.get(`/orgs/${await adminOrgId(other)}/history`);
    expect(own.status).toBe(200);
    expect(own.text).toContain('还没有签署的评估');
    expect(own.text).not.toContain('2025 年度自评');
    const anonymous = await agent(t.app).get(`/orgs/${orgId}/history`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login/);
  });
});
