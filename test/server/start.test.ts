import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPgDatabase, pgServerUrl } from '../helpers/db.js';
import { fixturesDir } from '../helpers/questionnaires.js';
import { runServerExpectingFailure, startServer } from '../../scripts/lib/server-process.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function freshEnv(): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zhiping-start-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  if (!pgServerUrl) return { DATA_DIR: dataDir };
  const db = await createPgDatabase();
  cleanups.push(() => db.drop());
  return { DATA_DIR: dataDir, DATABASE_URL: db.url };
}

describe('the server process', () => {
  it('creates and migrates the database on first start, answers /healthz, and stops cleanly on SIGTERM', async () => {
    const env = await freshEnv();
    const server = await startServer(env);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const home = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(home.headers.get('location')).toBe('/setup');
    if (!env.DATABASE_URL) expect(existsSync(join(env.DATA_DIR, 'zhiping.db'))).toBe(true);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output()).toContain('stopped');
  });

  it('refuses to start on a bad questionnaire file, naming the file and each path', async () => {
    const env = await freshEnv();
    const { code, output } = await runServerExpectingFailure({ ...env, QUESTIONNAIRE_DIR: resolve(fixturesDir, 'broken-questionnaires') });
    expect(code).not.toBe(0);
    expect(output).toContain('broken.yaml: dimensions[0].weight: weights must be positive');
    expect(output).toContain('lint-errors.yaml: weightProfiles[0].weights.ghost');
  });

  it('refuses to start on invalid configuration', async () => {
    const { code, output } = await runServerExpectingFailure({ PORT: 'eighty' });
    expect(code).not.toBe(0);
    expect(output).toContain('PORT');
  });
});
