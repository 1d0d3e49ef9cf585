// At 375 px the header folds into a menu (by mouse and by keyboard) and the fixed bars stay small; tables
// do not widen the page; a plain Save and an admin action show their one-time message once. In Debian's
// Chromium against the real server.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../scripts/lib/scenario.js';
import { browserScenario, hasChromium, type BrowserScenario } from '../helpers/browser.js';

const PHONE = { width: 375, height: 740 };

/** The heights of the top header and every fixed or sticky element, added up. */
function barsHeight(page: Page): Promise<number> {
  return page.evaluate(() => {
    const bars = [...document.querySelectorAll('body *')].filter((e) => e.matches('header.top') || ['fixed', 'sticky'].includes(getComputedStyle(e).position));
    return bars.reduce((sum, e) => sum + e.getBoundingClientRect().height, 0);
  });
}

describe.skipIf(!hasChromium)('a phone-sized screen', () => {
  let s: BrowserScenario;
  beforeAll(async () => {
    s = await browserScenario({ signedIn: true });
  });
  afterAll(() => s?.close());

  it('folds the header into a menu that opens and closes by click, Enter and Space', async () => {
    const page = await s.browser.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${s.server.url}/assessments/${s.assessmentId}/sections/strategy`);
    const nav = page.locator('#main-nav');
    const toggle = page.locator('.menu-toggle');
    expect(await nav.isVisible()).toBe(false);
    await toggle.click();
    expect(await nav.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    expect(await nav.isVisible()).toBe(false);
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await nav.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Space');
    expect(await nav.isVisible()).toBe(false);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await page.close();
  });

  it('keeps the header and the fixed save bar under a fifth of the screen, the save bar one row', async () => {
    const page = await s.browser.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${s.server.url}/assessments/${s.assessmentId}/sections/strategy`);
    await page.evaluate(() => window.scrollTo(0, 600));
    const bar = page.locator('.actions.sticky');
    const buttons = await bar.locator('button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    expect(buttons.length).toBeGreaterThan(1);
    expect(Math.max(...buttons) - Math.min(...buttons)).toBeLessThan(4);
    expect(await barsHeight(page)).toBeLessThan(0.2 * PHONE.height);
    for (const path of [`/assessments/${s.assessmentId}`]) {
      await page.goto(s.server.url + path);
      expect(await barsHeight(page)).toBeLessThan(0.2 * PHONE.height);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    }
    await page.close();
  });

  it('shows a one-time message after a plain save, and not again', async () => {
    const page = await s.browser.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${s.server.url}/assessments/${s.assessmentId}/sections/strategy`);
    await Promise.all([page.waitForNavigation(), page.click('button[name="go"][value="stay"]')]);
    expect(page.url()).not.toContain('saved=');
    expect(await page.locator('main .alert.success').textContent()).toContain('已保存');
    await page.reload();
    expect(await page.locator('main .alert.success').count()).toBe(0);
    await page.close();
  });

  // Last: it signs this browser in as the platform admin.
  it("as the platform admin: the review pages' bars stay small, the members table reflows, an action's message shows once", async () => {
    const page = await s.browser.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${s.server.url}/assessments`);
    const orgId = await page.getAttribute('input[name="orgId"]', 'value');
    await s.browser.clearCookies();
    await page.goto(`${s.server.url}/login`);
    await page.fill('#email', 'admin@bench.local');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);

    for (const path of [`/assessments/${s.assessmentId}/sections/strategy`, '/review']) {
      await page.goto(s.server.url + path);
      expect(await barsHeight(page)).toBeLessThan(0.2 * PHONE.height);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    }

    await page.goto(`${s.server.url}/admin/organizations/${orgId}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // Each member is a block of labelled lines as wide as the card, not a column a few characters wide.
    const email = page.locator('table.data.stack tbody tr').first().locator('td').nth(1);
    expect((await email.boundingBox())!.width).toBeGreaterThan(250);
    expect(await email.evaluate((td) => getComputedStyle(td, '::before').content)).toContain('电子邮箱');

    await page.goto(`${s.server.url}/admin`);
    await page.fill('#name', '手机顾问');
    await page.fill('#email', 'phone-consultant@bench.local');
    for (const field of ['#password', '#passwordConfirm']) if (await page.locator(field).count()) await page.fill(field, 'phone consultant pass 1');
    await page.fill('#affiliation', '某咨询公司');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/consultants"] button[type="submit"]')]);
    expect(new URL(page.url()).search).toBe('');
    expect(await page.locator('main .alert.success').count()).toBe(1);
    await page.reload();
    expect(await page.locator('main .alert.success').count()).toBe(0);
    await page.close();
  });
});
