import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareAssessment } from '../../scripts/lib/scenario.js';
import type { HttpClient } from '../../scripts/lib/http-client.js';
import { startServer, type ServerProcess } from '../../scripts/lib/server-process.js';
import { createPgDatabase, pgServerUrl } from '../helpers/db.js';

// Debian's Chromium, installed by .ci/run (apt-get install chromium); skipped where it is absent.
const CHROMIUM = '/usr/bin/chromium';
// A generous limit for the page's debounced save on a busy machine; not a speed assertion.
const WAIT = { timeout: 20_000, interval: 100 };
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.skipIf(!existsSync(CHROMIUM))('answering in a real browser', () => {
  let server: ServerProcess;
  let browser: BrowserContext;
  let client: HttpClient;
  let assessmentId: string;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zhiping-browser-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = { DATA_DIR: dataDir };
    if (pgServerUrl) {
      const db = await createPgDatabase();
      cleanups.push(() => db.drop());
      env.DATABASE_URL = db.url;
    }
    server = await startServer(env);
    cleanups.push(() => server.stop());
    ({ client, assessmentId } = await prepareAssessment(server));
    const profile = mkdtempSync(join(tmpdir(), 'zhiping-profile-'));
    cleanups.push(() => rmSync(profile, { recursive: true, force: true }));
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, locale: 'zh-CN' });
    cleanups.push(() => browser.close());
    const host = new URL(server.url).hostname;
    await browser.addCookies([...client.cookies].map(([name, value]) => ({ name, value, domain: host, path: '/' })));
  });
  afterAll(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

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
