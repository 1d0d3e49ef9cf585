// The pages that grow with a programme, at programme size: 2,000 organizations, 20,000 assessments and
// 2.5 million answers generated through the data layer, then each page fetched one request at a time
// (after a warm-up) by the user who sees it, against one real server process; the median and the
// slowest of the timed requests, and the size of the page.
import { sql } from 'kysely';
import { openDatabase } from '../server/db/connect.js';
import { HttpClient } from '../scripts/lib/http-client.js';
import { median } from './stats.js';
import { startServer } from '../scripts/lib/server-process.js';
import { ADMIN_EMAIL, BENCH_PASSWORD, consultantEmail, generateProgramme, orgAdminEmail, type ProgrammeShape } from './programme-data.js';

export const PROGRAMME: ProgrammeShape = { organizations: 2000, assessments: 20_000, consultants: 20, draftAnswers: 50 };

export interface PageRun {
  label: string;
  medianMs: number;
  maxMs: number;
  kib: number;
}

export interface PagesBench {
  backend: string;
  organizations: number;
  assessments: number;
  answers: number;
  generateSeconds: number;
  pages: PageRun[];
}

async function signedIn(url: string, email: string): Promise<HttpClient> {
  const client = new HttpClient(url);
  const res = await client.submit('/login', [['email', email], ['password', BENCH_PASSWORD]]);
  if (res.status !== 303) throw new Error(`login of ${email} failed: ${res.status}`);
  return client;
}

async function timePage(client: HttpClient, label: string, path: string, requests: number): Promise<PageRun> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < requests + 3; i++) {
    const started = performance.now();
    const res = await client.get(path);
    const body = await res.arrayBuffer();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`${label} ${path}: ${res.status}`);
    if (i >= 3) times.push(ms);
    bytes = body.byteLength;
  }
  return { label, medianMs: median(times), maxMs: Math.max(...times), kib: bytes / 1024 };
}

/**
 * PostgreSQL after a bulk load, as a programme's database is once autovacuum has been by: planner statistics
 * and visibility maps. Without this the autovacuum of 2.6 M answers starts at some point during the timed
 * requests, and the same pages measured 20 to 55 ms from one run to the next on a quiet machine. (SQLite
 * gathers its statistics when the server opens the file: PRAGMA optimize.)
 */
async function settle(env: { dataDir: string; databaseUrl: string }): Promise<void> {
  const { db } = openDatabase(env);
  try {
    await sql`vacuum analyze`.execute(db);
  } finally {
    await db.destroy();
  }
}

export async function programmePagesBench(backend: string, env: { dataDir: string; databaseUrl?: string }, requests = 30): Promise<PagesBench> {
  const started = performance.now();
  const programme = await generateProgramme(env, PROGRAMME);
  const generateSeconds = (performance.now() - started) / 1000;
  if (env.databaseUrl) await settle({ dataDir: env.dataDir, databaseUrl: env.databaseUrl });
  console.log(`${backend}: generated ${programme.assessments.length} assessments, ${programme.answers} answers in ${generateSeconds.toFixed(1)} s`);
  const server = await startServer({ DATA_DIR: env.dataDir, LOGIN_RATE_LIMIT: '1000', ...(env.databaseUrl ? { DATABASE_URL: env.databaseUrl } : {}) });
  try {
    const admin = await signedIn(server.url, ADMIN_EMAIL);
    const consultant = await signedIn(server.url, consultantEmail(0));
    // A submitted assessment, opened by its organization's admin: the result with the benchmark among
    // the signed peers of the same questionnaire version.
    const submitted = programme.assessments.find((a) => a.status === 'submitted')!;
    const member = await signedIn(server.url, orgAdminEmail(submitted.orgIndex));
    const pages = [
      await timePage(admin, "platform admin's assessment list", '/assessments', requests),
      await timePage(admin, "platform admin's review queue, signed, by level", '/review?group=signed&sort=level-desc', requests),
      await timePage(consultant, "consultant's review queue", '/review', requests),
      await timePage(consultant, "consultant's queue, searched, page 3", '/review?group=signed&search=%E5%8E%8B%E6%B5%8B&page=3', requests),
      await timePage(admin, 'operator dashboard', '/admin/dashboard', requests),
      await timePage(member, 'assessment page with its benchmark', `/assessments/${submitted.id}`, requests),
    ];
    return { backend, organizations: programme.organizationIds.length, assessments: programme.assessments.length, answers: programme.answers, generateSeconds, pages };
  } finally {
    await server.stop();
  }
}
