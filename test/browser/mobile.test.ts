// At 375 px the header folds into a menu and the fixed save bar stays small; a plain Save shows its
// one-time message once. In Debian's Chromium against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserScenario, hasChromium, type BrowserScenario } from '../helpers/browser.js';

describe.skipIf(!hasChromium)('a phone-sized screen', () => {
  let s: BrowserScenario;
  beforeAll(async () => {
    s = await browserScenario({ signedIn: true });
  });
  afterAll(() => s?.close());

  it('folds the header into a menu and keeps the fixed bars under a fifth of the screen', async () => {
    const page = await s.browser.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${s.server.url}/assessments/${s.assessmentId}/sections/strategy`);
    expect(await page.locator('#main-nav').isVisible()).toBe(false);
    await page.click('.menu-toggle');
    expect(await page.locator('#main-nav').isVisible()).toBe(true);
    expect(await page.getAttribute('.menu-toggle', 'aria-expanded')).toBe('true');
    await page.click('.menu-toggle');
    const bar = (await page.locator('.actions.sticky').boundingBox())!;
    expect(bar.height / 740).toBeLessThan(0.2);
    await page.close();
  });

  it('shows a one-time message after a plain save, and not again', async () => {
    const page = await s.browser.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${s.server.url}/assessments/${s.assessmentId}/sections/strategy`);
    await Promise.all([page.waitForNavigation(), page.click('button[name="go"][value="stay"]')]);
    expect(page.url()).not.toContain('saved=');
    expect(await page.locator('main .alert.success').textContent()).toContain('已保存');
    await page.reload();
    expect(await page.locator('main .alert.success').count()).toBe(0);
    await page.close();
  });
});
