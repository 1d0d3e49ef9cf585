// Nothing typed is lost, in Debian's Chromium against the real server: leaving a section right
// after a change, a sign-in that expired, and a page that is a POST response when skip logic reloads it.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../scripts/lib/http-client.js';
import type { ServerProcess } from '../../scripts/lib/server-process.js';
import { browserScenario, hasChromium, type BrowserScenario } from '../helpers/browser.js';

// Generous limits for a busy machine; not speed assertions.
const WAIT = { timeout: 30_000, interval: 200 };

describe.skipIf(!hasChromium)('answering without loss in a real browser', () => {
  let server: ServerProcess;
  let browser: BrowserContext;
  let client: HttpClient;
  let assessmentId: string;
  const section = (id: string) => `${server.url}/assessments/${assessmentId}/sections/${id}`;
  /** The stored page as the server renders it now, through the test's own signed-in client. */
  const stored = async (id: string) => (await client.get(`/assessments/${assessmentId}/sections/${id}`)).text();

  async function signIn(page: Page) {
    await page.goto(`${server.url}/login`);
    await page.fill('input[name=email]', 'user@bench.local');
    await page.fill('input[name=password]', 'scenario password 123');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
  }

  let scenario: BrowserScenario;
  beforeAll(async () => {
    scenario = await browserScenario({ signedIn: false });
    ({ server, browser, client, assessmentId } = scenario);
  });
  afterAll(() => scenario?.close());

  it('saves a choice and a typed text when the respondent leaves the section at once', async () => {
    const page = await browser.newPage();
    await signIn(page);
    await page.goto(section('strategy'));
    await page.locator('input[name="a[st-04]"][value="0.5"]').check();
    await page.click('nav.pager a');
    await page.waitForURL(/sections\/(?!strategy)/);
    expect(await stored('strategy')).toMatch(/name="a\[st-04\]" value="0.5" checked/);

    await page.goto(section('strategy'));
    await page.fill('textarea[name="a[st-01]"]', '视觉质检已上线，排产优化在试点。');
    await page.click('.crumbs a:last-child');
    await page.waitForURL(new RegExp(`/assessments/${assessmentId}$`));
    expect(await stored('strategy')).toContain('视觉质检已上线，排产优化在试点。');
    await page.close();
  });

  it('keeps a change made after the sign-in expired, and sends it once the user has signed in again in another tab', async () => {
    const page = await browser.newPage();
    await page.goto(section('strategy'));
    await browser.clearCookies();
    await page.locator('input[name="a[st-04]"][value="0.8"]').check();
    await expect.poll(() => page.locator('#autosave-signin').isVisible(), WAIT).toBe(true);
    expect(await stored('strategy')).toMatch(/name="a\[st-04\]" value="0.5" checked/);

    const other = await browser.newPage();
    await signIn(other);
    await page.bringToFront();
    await expect.poll(async () => /name="a\[st-04\]" value="0.8" checked/.test(await stored('strategy')), WAIT).toBe(true);
    await expect.poll(() => page.locator('#autosave-signin').isVisible(), WAIT).toBe(false);
    await other.close();
    await page.close();
  });

  it('reloads with a GET after a plain save with an error, so later answers are not reverted', async () => {
    const page = await browser.newPage();
    await page.goto(section('strategy'));
    await page.evaluate(() => localStorage.clear());
    await page.goto(section('platform'));
    await page.fill('input[name="a[pf-03]"]', 'twelve');
    await Promise.all([page.waitForNavigation(), page.click('button[name="go"][value="stay"]')]);
    await expect.poll(() => page.locator('#q-pf-03 .field-error').count(), WAIT).toBeGreaterThan(0);

    await page.locator('input[name="a[pf-02]"][value="0.5"]').check();
    await expect.poll(async () => /name="a\[pf-02\]" value="0.5" checked/.test(await stored('platform')), WAIT).toBe(true);
    await page.fill('input[name="a[pf-03]"]', '8');
    await page.locator('input[name="a[pf-03]"]').blur();
    await expect.poll(() => page.locator('#q-pf-04').count(), WAIT).toBe(1);
    expect(page.url()).toBe(section('platform'));
    expect(await page.locator('input[name="a[pf-02]"][value="0.5"]').isChecked()).toBe(true);
    expect(await stored('platform')).toMatch(/name="a\[pf-02\]" value="0.5" checked/);
    await page.close();
  });
});
