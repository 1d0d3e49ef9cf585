// An answer's history as it grows: the section page lists each question's newest changes (a fixed number)
// with the count of all of them and a link to the question's history page, which lists every change,
// newest first, fifty a page. Answering over days with autosave makes hundreds of changes; the section page
// stays the same size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
