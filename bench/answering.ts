// Answering on deadline day, each figure a ratio of two things measured side by side in one run:
// (1) the answering page's requests/s ÷ plain Express sending the same page's bytes;
// (2) whole-section autosaves/s at 50 respondents ÷ durable one-row commits/s of the same database;
// (4) the answering page's p99 while 4 PDF reports render ÷ its p99 with none.
// The data: 50 organizations, each with a fully answered draft of the enterprise questionnaire.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from '../server/config.js';
import { HttpClient } from '../scripts/lib/http-client.js';
import { startPgServer } from '../scripts/lib/pg-server.js';
import { startServer, type ServerProcess } from '../scripts/lib/server-process.js';
import { AUTOSAVE_PROGRAMME, autosaveLoad, type AutosaveRun } from './autosave.js';
import { postgresCommitsPerSecond, sqliteCommitsPerSecond } from './durable-commits.js';
import { load, type LoadResult } from './http.js';
import { BENCH_PASSWORD, generateProgramme, orgAdminEmail, type Programme } from './programme-data.js';

export interface PageRatio {
  page: LoadResult;
  raw: LoadResult;
  /** The app's middleware sending the same bytes to the same signed-in user, reading and rendering nothing. */
  floor: LoadResult;
  kib: number;
  ratio: number;
  /** floor ÷ raw: the most the page's ratio could be with this stack. */
  floorRatio: number;
}

export interface ReportsRatio {
  quiet: LoadResult;
  withReports: LoadResult;
  reportsRendered: number;
  reportsRefused: number;
  ratio: number;
}

export interface AutosaveRatio {
  run: AutosaveRun;
  commitsPerSec: number;
  ratio: number;
  /** The same load answered by the app's middleware alone (nothing read or saved), and its ratio: the ceiling. */
  floor?: { run: AutosaveRun; ratio: number };
}

export interface AnsweringBench {
  page: PageRatio;
  reports: ReportsRatio;
  sqliteAutosave: AutosaveRatio;
  postgresAutosave?: AutosaveRatio;
}

const env = (dataDir: string, databaseUrl?: string) => ({ DATA_DIR: dataDir, LOGIN_RATE_LIMIT: '1000', ...(databaseUrl ? { DATABASE_URL: databaseUrl, PG_POOL_SIZE: '10' } : {}) });

async function respondent(server: ServerProcess, programme: Programme) {
  const client = new HttpClient(server.url);
  await client.submit('/login', [['email', orgAdminEmail(programme.assessments[0].orgIndex)], ['password', BENCH_PASSWORD]]);
  const id = programme.assessments[0].id;
  return { client, headers: { cookie: client.cookieHeader() }, page: `/assessments/${id}/sections/strategy`, report: `/assessments/${id}/report.pdf?lang=zh-CN` };
}

/** (1): the page through the app, then its bytes through plain Express, with the same connections and time. */
async function pageRatio(server: ServerProcess, dataDir: string, programme: Programme, seconds: number, connections: number): Promise<PageRatio> {
  const r = await respondent(server, programme);
  const res = await r.client.get(r.page);
  if (res.status !== 200) throw new Error(`answering page: ${res.status}`);
  const dir = mkdtempSync(join(tmpdir(), 'zhiping-page-'));
  const file = join(dir, 'page.html');
  const html = Buffer.from(await res.arrayBuffer());
  writeFileSync(file, html);
  const raw = await startServer({}, [resolve(projectRoot, 'dist', 'bench', 'raw-server.js'), file]);
  // The app's own stack on the same database (the same sessions), as its own process.
  const stack = await startServer(env(dataDir), [resolve(projectRoot, 'dist', 'bench', 'stack-server.js'), file]);
  try {
    const get = { path: r.page, method: 'GET' as const, okStatus: 200 };
    const page = await load('answering page (app)', [server.url], get, r.headers, seconds, connections);
    const floor = await load('same bytes through the app\'s middleware, signed in (no queries for the page, no rendering)', [stack.url], get, r.headers, seconds, connections);
    const yardstick = await load('same bytes (plain Express)', [raw.url], get, {}, seconds, connections);
    return {
      page,
      raw: yardstick,
      floor,
      kib: html.length / 1024,
      ratio: page.requestsPerSec / yardstick.requestsPerSec,
      floorRatio: floor.requestsPerSec / yardstick.requestsPerSec,
    };
  } finally {
    await stack.stop();
    await raw.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** (4): the page's p99 alone, then while 4 clients keep asking for the assessment's PDF report. */
async function reportsRatio(server: ServerProcess, programme: Programme, seconds: number, connections: number): Promise<ReportsRatio> {
  const r = await respondent(server, programme);
  const get = { path: r.page, method: 'GET' as const, okStatus: 200 };
  const quiet = await load('answering page, no reports rendering', [server.url], get, r.headers, seconds, connections);
  let stop = false;
  let rendered = 0;
  let refused = 0;
  const renderers = Array.from({ length: 4 }, async () => {
    while (!stop) {
      const res = await r.client.get(r.report);
      await res.arrayBuffer();
      if (res.status === 200) rendered++;
      else refused++;
    }
  });
  const withReports = await load('answering page, 4 reports rendering', [server.url], get, r.headers, seconds, connections);
  stop = true;
  await Promise.all(renderers);
  return { quiet, withReports, reportsRendered: rendered, reportsRefused: refused, ratio: withReports.p99Ms / Math.max(1, quiet.p99Ms) };
}

async function sqliteRun(seconds: number, connections: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'zhiping-bench-'));
  try {
    const programme = await generateProgramme({ dataDir }, AUTOSAVE_PROGRAMME);
    const server = await startServer(env(dataDir));
    try {
      const page = await pageRatio(server, dataDir, programme, seconds, connections);
      const reports = await reportsRatio(server, programme, seconds, connections);
      const before = sqliteCommitsPerSecond();
      const run = await autosaveLoad('SQLite, 1 process', [server], programme, seconds);
      const stack = await startServer(env(dataDir), [resolve(projectRoot, 'dist', 'bench', 'stack-server.js')]);
      let floorRun: AutosaveRun;
      try {
        floorRun = await autosaveLoad('SQLite, 1 process: the app\'s middleware only (CSRF checked, nothing read or saved)', [stack], programme, seconds, [server]);
      } finally {
        await stack.stop();
      }
      const commitsPerSec = (before + sqliteCommitsPerSecond()) / 2;
      return {
        page,
        reports,
        sqliteAutosave: { run, commitsPerSec, ratio: run.savesPerSec / commitsPerSec, floor: { run: floorRun, ratio: floorRun.savesPerSec / commitsPerSec } },
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgresRun(seconds: number): Promise<AutosaveRatio> {
  const pg = startPgServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'zhiping-bench-'));
  try {
    const programme = await generateProgramme({ dataDir, databaseUrl: pg.url }, AUTOSAVE_PROGRAMME);
    const servers = await Promise.all([startServer(env(dataDir, pg.url)), startServer(env(dataDir, pg.url))]);
    try {
      const before = await postgresCommitsPerSecond(pg.url);
      const run = await autosaveLoad('PostgreSQL, 2 processes', servers, programme, seconds);
      const commitsPerSec = (before + (await postgresCommitsPerSecond(pg.url))) / 2;
      return { run, commitsPerSec, ratio: run.savesPerSec / commitsPerSec };
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  } finally {
    pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function answeringBench(options: { seconds: number; connections: number; postgres: boolean }): Promise<AnsweringBench> {
  const sqlite = await sqliteRun(options.seconds, options.connections);
  return { ...sqlite, postgresAutosave: options.postgres ? await postgresRun(options.seconds) : undefined };
}
