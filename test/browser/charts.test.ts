// The result's radar on the assessment page: every axis label (title, then score and level) lies inside the
// figure, in English (the longest titles) and Chinese, on a wide and on a phone-sized screen. In Debian's
// Chromium against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserScenario, hasChromium, type BrowserScenario } from '../helpers/browser.js';

describe.skipIf(!hasChromium)('the radar on the assessment page', () => {
  let s: BrowserScenario;
  beforeAll(async () => {
    s = await browserScenario({ signedIn: true });
  });
  afterAll(() => s?.close());

  for (const lang of ['en', 'zh-CN']) {
    for (const size of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
      it(`keeps every axis label inside the figure (${lang}, ${size.width} px)`, async () => {
        const page = await s.browser.newPage();
        await page.setViewportSize(size);
        await page.goto(`${s.server.url}/lang?to=${lang}&next=${encodeURIComponent(`/assessments/${s.assessmentId}`)}`);
        const svg = page.locator('figure.chart svg').first();
        const frame = (await svg.boundingBox())!;
        const labels = await svg.locator('text.radar-label').evaluateAll((els) =>
          els.map((e) => {
            const r = e.getBoundingClientRect();
            return { text: e.textContent, left: r.left + window.scrollX, right: r.right + window.scrollX, top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, lines: e.querySelectorAll('tspan').length };
          }),
        );
        expect(labels).toHaveLength(8); // one per dimension of the enterprise questionnaire
        if (lang === 'en') expect(labels.map((l) => l.text).join(' ')).toContain('Security, Trust & Compliance');
        for (const l of labels) {
          expect(l.lines, l.text!).toBe(2);
          expect(l.left, l.text!).toBeGreaterThanOrEqual(frame.x - 0.5);
          expect(l.right, l.text!).toBeLessThanOrEqual(frame.x + frame.width + 0.5);
          expect(l.top, l.text!).toBeGreaterThanOrEqual(frame.y - 0.5);
          expect(l.bottom, l.text!).toBeLessThanOrEqual(frame.y + frame.height + 0.5);
        }
        await page.close();
      });
    }
  }
});
