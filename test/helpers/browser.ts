// A real server process with a signed-in respondent's fresh enterprise assessment, and Debian's
// Chromium on a fresh temporary profile (the flags the project uses everywhere). On PostgreSQL runs
// the server gets its own database. `close` undoes all of it, last first.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { prepareAssessment } from '../../scripts/lib/scenario.js';
import type { HttpClient } from '../../scripts/lib/http-client.js';
import { startServer, type ServerProcess } from '../../scripts/lib/server-process.js';
import { createPgDatabase, pgServerUrl } from './db.js';

// Installed by .ci/run (apt-get install chromium); browser tests are skipped where it is absent.
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BrowserScenario {
  server: ServerProcess;
  browser: BrowserContext;
  client: HttpClient;
  assessmentId: string;
  close(): Promise<void>;
}

export async function browserScenario(options: { signedIn: boolean }): Promise<BrowserScenario> {
  const cleanups: (() => unknown)[] = [];
  const close = async () => {
    while (cleanups.length) await cleanups.pop()!();
  };
  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'zhiping-browser-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = { DATA_DIR: dataDir };
    if (pgServerUrl) {
      const db = await createPgDatabase();
      cleanups.push(() => db.drop());
      env.DATABASE_URL = db.url;
    }
    const server = await startServer(env);
    cleanups.push(() => server.stop());
    const { client, assessmentId } = await prepareAssessment(server);
    const { browser, close: closeBrowser } = await freshBrowser();
    cleanups.push(closeBrowser);
    if (options.signedIn) {
      const host = new URL(server.url).hostname;
      await browser.addCookies([...client.cookies].map(([name, value]) => ({ name, value, domain: host, path: '/' })));
    }
    return { server, browser, client, assessmentId, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Chromium on a fresh temporary profile; `close` closes it and then removes the profile. */
export async function freshBrowser(): Promise<{ browser: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'zhiping-profile-'));
  const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, locale: 'zh-CN' });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
