// Histories as they grow. An answer's: the section page lists each question's newest changes (a fixed number)
// with the count of all of them and a link to the question's history page, which lists every change, newest
// first, fifty a page; answering over days with autosave makes hundreds of changes and the section page stays
// the same size. The assessment's (evidence attached and removed, sections assigned, the review): its page
// shows the newest twenty and links to the history page, fifty a page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/db/ids.js';
import { agent, answerSection, createTestApp, registerOrg, setupAdmin, signInAs, startAssessment, type Agent, type TestApp } from '../helpers/app.js';

let t: TestApp;
let org: Agent;
let id: string;
const GRADES = ['0', '0.5', '0.8', '1'];

/** The `n`th value written to g-4 (1-based), cycling through the grades so that each write changes it. */
const nth = (n: number) => GRADES[(n - 1) % GRADES.length];

/** The items of a question's list of changes on its section page. */
function listItems(html: string, questionId: string): string[] {
  const article = html.slice(html.indexOf(`id="q-${questionId}"`));
  const trail = article.slice(article.indexOf('<details class="trail">'), article.indexOf('</details>', article.indexOf('<details class="trail">')));
  return [...trail.matchAll(/<li>[\s\S]*?<\/li>/g)].map((m) => m[0]);
}

beforeAll(async () => {
  t = await createTestApp();
  await setupAdmin(agent(t.app));
  org = agent(t.app);
  await registerOrg(org, 'history@example.com');
  id = await startAssessment(org);
  // 61 changes to g-4; g-5 changed twice.
  for (let n = 1; n <= 61; n++) expect((await answerSection(org, id, 'gov', { 'g-4': nth(n) })).status).toBe(303);
  for (const v of ['0', '1']) await answerSection(org, id, 'gov', { 'g-5': v });
});
afterAll(() => t.close());

describe("an answer's history", () => {
  it('on the section page: the newest ten changes, the count of all, and a link to the rest', async () => {
    const page = await org.get(`/assessments/${id}/sections/gov`);
    expect(page.status).toBe(200);
    const items = listItems(page.text, 'g-4');
    expect(items).toHaveLength(10);
    expect(page.text).toContain('共 61 次修改');
    expect(page.text).toContain(`href="/assessments/${id}/questions/g-4/history"`);
    expect(page.text).toContain('查看 g-4 的全部 61 次修改');
    // g-5: two changes, both listed, no link.
    expect(listItems(page.text, 'g-5')).toHaveLength(2);
    expect(page.text).not.toContain(`/assessments/${id}/questions/g-5/history`);
    // In English too.
    const en = agent(t.app, 'en');
    await signInAs(en, 'history@example.com');
    const english = await en.get(`/assessments/${id}/sections/gov`);
    expect(english.text).toContain('61 changes');
    expect(english.text).toContain('All 61 changes to g-4');
    expect((await en.get(`/assessments/${id}/questions/g-4/history`)).text).toContain('1–50 of 61');
  });

  it('on its own page: every change newest first, fifty a page, with the number of each', async () => {
    const first = await org.get(`/assessments/${id}/questions/g-4/history`);
    expect(first.status).toBe(200);
    const rows = (html: string) => [...html.matchAll(/<tbody>[\s\S]*?<\/tbody>/g)][0][0].split('<tr>').length - 1;
    expect(rows(first.text)).toBe(50);
    expect(first.text).toContain('第 1–50 条，共 61 条');
    expect(first.text).toContain('rel="next"');
    const second = await org.get(`/assessments/${id}/questions/g-4/history?page=2`);
    expect(rows(second.text)).toBe(11);
    expect(second.text).toContain('第 51–61 条，共 61 条');
    // Newest first: the oldest change, from no answer, is the last row of the last page and nowhere else.
    const cells = (html: string) => [...html.matchAll(/<td class="answer-text">([^<]*)/g)].map((m) => m[1].trim());
    expect(cells(second.text).at(-2)).toBe('未作答');
    expect([...cells(first.text), ...cells(second.text).slice(0, -2)]).not.toContain('未作答');
    // Past the end reads the last page; nonsense reads the first.
    expect((await org.get(`/assessments/${id}/questions/g-4/history?page=99`)).text).toContain('第 51–61 条，共 61 条');
    expect((await org.get(`/assessments/${id}/questions/g-4/history?page=abc`)).text).toContain('第 1–50 条，共 61 条');
  });

  it('says so for a question never changed, and is not found for a question the questionnaire does not have', async () => {
    const none = await org.get(`/assessments/${id}/questions/g-1/history`);
    expect(none.status).toBe(200);
    expect(none.text).toContain('这道题的答案还没有修改过。');
    expect((await org.get(`/assessments/${id}/questions/no-such-question/history`)).status).toBe(404);
  });

  it("is another organization's to read only if it may read the assessment", async () => {
    const other = agent(t.app);
    await registerOrg(other, 'other-history@example.com', '另一家公司');
    expect((await other.get(`/assessments/${id}/questions/g-4/history`)).status).toBe(403);
  });
});

describe("the assessment's history", () => {
  it('shows its newest twenty entries on the assessment page and every entry on its own page, fifty a page', async () => {
    const row = await t.ctx.db.selectFrom('assessments').select(['org_id', 'created_by']).where('id', '=', id).executeTakeFirstOrThrow();
    const start = Date.parse('2030-01-01T00:00:00.000Z');
    const entries = Array.from({ length: 60 }, (_, i) => ({
      id: newId(),
      at: new Date(start + i * 60_000).toISOString(),
      actor_id: row.created_by,
      org_id: row.org_id,
      assessment_id: id,
      action: 'assessment.evidence-attached',
      detail_json: JSON.stringify({ questionId: 'g-1', name: `file-${i}.pdf` }),
    }));
    await t.ctx.db.insertInto('audit_log').values(entries).execute();
    const { n } = await t.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('assessment_id', '=', id).executeTakeFirstOrThrow();
    const total = Number(n);
    expect(total).toBeGreaterThan(60);

    const overview = await org.get(`/assessments/${id}`);
    const list = overview.text.slice(overview.text.indexOf('<ol class="history"'), overview.text.indexOf('</ol>', overview.text.indexOf('<ol class="history"')));
    expect([...list.matchAll(/<li>/g)]).toHaveLength(20);
    expect(list).toContain(`start="${total - 19}"`);
    // The newest twenty, oldest of them first: files 40 to 59.
    expect(list.indexOf('file-40.pdf')).toBeGreaterThan(0);
    expect(list.indexOf('file-59.pdf')).toBeGreaterThan(list.indexOf('file-40.pdf'));
    expect(list).not.toContain('file-39.pdf');
    expect(overview.text).toContain(`<a href="/assessments/${id}/history">查看全部 ${total} 条记录</a>`);

    const rows = (html: string) => [...html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>')).matchAll(/<tr>/g)].length;
    const first = await org.get(`/assessments/${id}/history`);
    expect(first.status).toBe(200);
    expect(rows(first.text)).toBe(50);
    expect(first.text.indexOf('file-59.pdf')).toBeLessThan(first.text.indexOf('file-58.pdf'));
    expect(first.text).toContain(`第 1–50 条，共 ${total} 条`);
    const second = await org.get(`/assessments/${id}/history?page=2`);
    expect(rows(second.text)).toBe(total - 50);
    expect(second.text).toContain('file-0.pdf');
    expect(second.text).not.toContain('file-10.pdf');

    const other = agent(t.app);
    await registerOrg(other, 'third-history@example.com', '第三家公司');
    expect((await other.get(`/assessments/${id}/history`)).status).toBe(403);
  });
});
