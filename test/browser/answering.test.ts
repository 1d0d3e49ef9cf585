import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../scripts/lib/http-client.js';
import type { ServerProcess } from '../../scripts/lib/server-process.js';
import { browserScenario, hasChromium, type BrowserScenario } from '../helpers/browser.js';

// A generous limit for the page's debounced save on a busy machine; not a speed assertion.
const WAIT = { timeout: 20_000, interval: 100 };

describe.skipIf(!hasChromium)('answering in a real browser', () => {
  let server: ServerProcess;
  let browser: BrowserContext;
  let client: HttpClient;
  let assessmentId: string;

  let scenario: BrowserScenario;
  beforeAll(async () => {
    scenario = await browserScenario({ signedIn: true });
    ({ server, browser, client, assessmentId } = scenario);
  });
  afterAll(() => scenario?.close());

  it('autosaves a choice, and shows follow-up questions once the answer calls for them', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/assessments/${assessmentId}/sections/platform`);
    await page.locator('input[name="a[pf-02]"][value="0.8"]').check();
    await expect.poll(() => page.locator('.autosave-status').textContent(), WAIT).toContain('已自动保存');
    const saved = await (await client.get(`/assessments/${assessmentId}/sections/platform`)).text();
    expect(saved).toMatch(/name="a\[pf-02\]" value="0.8" checked/);

    expect(await page.locator('#q-pf-04').count()).toBe(0);
    await page.fill('input[name="a[pf-03]"]', '8');
    await page.locator('input[name="a[pf-03]"]').blur();
    await expect.poll(() => page.locator('#q-pf-04').count(), WAIT).toBe(1);
    await page.close();
  });

  it('marks an invalid typed number next to its question and keeps it', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/assessments/${assessmentId}/sections/platform`);
    await page.fill('input[name="a[pf-03]"]', 'twelve');
    await page.locator('input[name="a[pf-03]"]').blur();
    await expect.poll(() => page.locator('#q-pf-03 .autosave-error').textContent(), WAIT).toContain('请输入数字');
    expect(await page.inputValue('input[name="a[pf-03]"]')).toBe('twelve');
    await page.close();
  });
});
