// The peer benchmark on the assessment page and in the signed PDF: with five signed peers the peers'
// median, quartiles, range and count are shown (the same figures on the page and in the PDF); with four,
// a kind sentence instead of a distribution, and never "0 peers" or "0%".
import { describe, expect, it } from 'vitest';
import { insertUser } from '../../server/auth/users-repo.js';
import { formatNumber } from '../../server/i18n.js';
import type { AddressInfo } from 'node:net';
import { createTestApp, PASSWORD, type TestApp } from '../helpers/app.js';
import { freshBrowser, hasChromium } from '../helpers/browser.js';
import { binaryParser, pdfText } from '../helpers/pdf.js';
import { peerAssessment } from '../helpers/peers.js';
import { review, submittedForReview } from '../helpers/review.js';

const squash = (s: string) => s.replace(/\s+/g, '');

/** A client assessment signed off with `values.length` signed peers (each peer's answers all = value); its page and PDFs. */
async function signedWithPeers(values: number[], inBrowser?: (url: string) => Promise<void>) {
  const t = await createTestApp();
  try {
    const { org, consultant, id } = await submittedForReview(t);
    const userId = (await insertUser(t.ctx.db, { email: 'peers@example.com', name: 'Peers', passwordHash: 'x' })).id;
    const peers = [];
    // Registered organizations are discrete manufacturing, medium size; other peers do not count.
    for (const v of values) peers.push((await peerAssessment(t, userId, 'manufacturing-discrete', 'medium', v)).result);
    await peerAssessment(t, userId, 'manufacturing-discrete', 'large', 1);
    await peerAssessment(t, userId, 'manufacturing-discrete', 'medium', 1, 'submitted');
    expect((await review(consultant, id, 'start-review')).status).toBe(303);
    expect((await review(consultant, id, 'finalize')).status).toBe(303);
    const page = (await org.get(`/assessments/${id}`)).text;
    const enPage = (await org.get(`/assessments/${id}`).set('Cookie', 'lang=en')).text;
    const pdf = async (lang: string) => pdfText((await org.get(`/assessments/${id}/report.pdf?lang=${lang}`).buffer(true).parse(binaryParser)).body as Buffer);
    if (inBrowser) await served(t, inBrowser, `/assessments/${id}`);
    return { peers, page, enPage, zhPdf: await pdf('zh-CN'), enPdf: await pdf('en') };
  } finally {
    await t.close();
  }
}

/** The app listening on a free port while `use` runs, with the organization's admin signed in at `url`. */
async function served(t: TestApp, use: (url: string) => Promise<void>, path: string) {
  const server = t.app.listen(0);
  try {
    const { port } = server.address() as AddressInfo;
    await use(`http://127.0.0.1:${port}${path}`);
  } finally {
    server.close();
  }
}

/** Text boxes of the visible benchmark figure, as laid out at `width` px. */
async function figureTexts(url: string, width: number) {
  const { browser, close } = await freshBrowser();
  try {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url.replace(/\/assessments\/.*/, '/login'));
    await page.fill('input[name=email]', 'client@example.com');
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form button[type=submit]')]);
    await page.goto(url);
    return await page.$$eval('figure.benchmark svg.chart', (svgs) =>
      svgs
        .filter((svg) => svg.getBoundingClientRect().width > 0)
        .map((svg) => ({
          width: svg.getBoundingClientRect().width,
          texts: [...svg.querySelectorAll('text')].map((el) => {
            const r = el.getBoundingClientRect();
            return { text: el.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height };
          }),
        })),
    );
  } finally {
    await close();
  }
}

const overlap = (a: { left: number; right: number; top: number; bottom: number }, b: typeof a) =>
  a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

describe('the peer benchmark of a signed assessment', () => {
  it('shows the peers\u2019 median, quartiles, range and count with five signed peers, on the page and in the PDF', async () => {
    const layouts: Record<number, Awaited<ReturnType<typeof figureTexts>>> = {};
    const { peers, page, enPage, zhPdf, enPdf } = await signedWithPeers([0, 0.3, 0.5, 0.8, 1], hasChromium ? async (url) => {
      for (const width of [1280, 375]) layouts[width] = await figureTexts(url, width);
    } : undefined);
    // Five peers: by linear interpolation Q1, the median and Q3 are the 2nd, 3rd and 4th lowest scores.
    const s = peers.map((r) => r.score!).sort((a, b) => a - b);
    expect(new Set(s).size).toBe(5);
    const f = (v: number) => formatNumber(v, 'zh-CN');
    const figures = [f(s[2]), `${f(s[1])}–${f(s[3])}`, `${f(s[0])}–${f(s[4])}`];

    expect(page).toContain('与 5 家同问卷版本、同行业、同规模的已签署评估的组织相比');
    expect(page).toContain('<figure class="chart benchmark">');
    expect(page).toContain('图 3　本组织在 5 家同类组织中的位置');
    expect(page).toContain('方框：同类组织的中间一半');
    const overallRow = /<tr><th scope="row">综合得分<\/th>(.*?)<\/tr>/.exec(page)![1];
    for (const text of figures) expect(overallRow).toContain(`>${text}<`);
    expect(overallRow).toContain('<td class="num">5</td>');
    expect(overallRow).toMatch(/位于同类组织的前四分之一|达到或高于同类中位数|低于中位数，处于中间一半|位于同类组织的后四分之一/);
    expect(enPage).toContain('Compared with 5 organizations with a signed-off assessment');
    expect(enPage).toContain('Box: the middle half of the peers');
    expect(/<tr><th scope="row">Composite score<\/th>.*?<\/tr>/.exec(enPage)![0]).toContain(`>${f(s[2])}<`);

    for (const text of ['本组织在5家同类组织中的位置（得分0–5）', '同类中位数', ...figures]) expect(squash(zhPdf)).toContain(squash(text));
    for (const text of ['Figure 3', 'Where the organization stands among 5 comparable organizations', 'Peer median', 'Diamond: this organization', ...figures]) {
      expect(squash(enPdf)).toContain(squash(text));
    }
    for (const text of [page, zhPdf]) expect(text).not.toMatch(/高于 ?0%|百分位/);

    // In Chromium, one layout shows at each width; at 375 px it fills the phone's width, its text stays
    // at least 10 px high and no two labels overlap.
    if (!hasChromium) return;
    for (const width of [1280, 375]) {
      expect(layouts[width]).toHaveLength(1);
      const [{ width: shown, texts }] = layouts[width];
      expect(texts.map((x) => x.text)).toContain('综合得分');
      if (width === 375) expect(shown).toBeGreaterThan(280);
      for (const x of texts) expect(x.height, x.text).toBeGreaterThanOrEqual(10);
      const clashes = texts.flatMap((a, i) => texts.slice(i + 1).filter((b) => overlap(a, b)).map((b) => `${a.text} × ${b.text}`));
      expect(clashes).toEqual([]);
    }
  }, 120_000);

  it('says kindly that fewer than five peers have signed, and shows no distribution, with four', async () => {
    const { page, enPage, zhPdf, enPdf } = await signedWithPeers([0, 0.3, 0.5, 1]);
    expect(page).toContain('同类组织不足 5 家，暂不显示对比');
    expect(enPage).toContain('Fewer than 5 comparable organizations');
    expect(squash(zhPdf)).toContain('同类组织不足5家，暂不显示对比');
    expect(squash(enPdf)).toContain(squash('Fewer than 5 comparable organizations (same questionnaire version, industry and size band) have signed reports yet, so no comparison is shown'));
    for (const text of [page, enPage]) {
      expect(text).not.toContain('<figure class="chart benchmark">');
      expect(text).not.toContain('同类中位数');
      expect(text).not.toContain('Peer median');
    }
    for (const text of [page, enPage, zhPdf, enPdf]) {
      expect(text).not.toMatch(/\b0 ?%|only 0|4 comparable|有 4 家|Figure 3|图 ?3/);
    }
  }, 60_000);
});
