// The programme export under volume: 20,000 scored assessments inserted directly (500 organizations,
// both enterprise questionnaire versions), then GET /exports/assessments.csv and .xlsx as the platform
// admin through HTTP against a real server process, timed to the last byte, with the process's resident
// memory sampled while it streams (growth over its resident size just before the request).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { hashPassword } from '../server/auth/passwords.js';
import { loadQuestionnaireDir } from '../server/catalog/files.js';
import { projectRoot } from '../server/config.js';
import { openDatabase } from '../server/db/connect.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { newId } from '../server/db/ids.js';
import type { Insertable } from 'kysely';
import type { AssessmentScoresTable, AssessmentsTable, AssessmentStatus, DimensionScoresTable } from '../server/db/schema.js';
import { creditCodeCheckDigit } from '../server/domain/credit-code.js';
import type { Answer } from '../server/domain/questionnaire/answers.js';
import { placedQuestions } from '../server/domain/questionnaire/model.js';
import type { Questionnaire } from '../server/domain/questionnaire/schema.js';
import { scoreAssessment, type ScoreResult } from '../server/domain/scoring/score.js';
import { scoreRows } from '../server/record/scores-repo.js';
import { HttpClient } from '../scripts/lib/http-client.js';
import { startServer } from '../scripts/lib/server-process.js';

export const EXPORT_ASSESSMENTS = 20_000;
const ORGANIZATIONS = 500;
const ADMIN = { email: 'admin@bench.local', password: 'bench export password 1' };
const STATUSES: AssessmentStatus[] = ['draft', 'submitted', 'in_review', 'changes_requested', 'finalized', 'finalized'];

export interface ExportRun {
  label: string;
  rows: number;
  bytes: number;
  seconds: number;
  /** CPU time the server process spent (user + system): what the export costs, whatever else the machine runs. */
  cpuSeconds: number;
  rssGrowthMb: number;
}

/** A deterministic pseudo-random sequence, so every run seeds the same data. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** A few dozen real results per questionnaire (scored from random answers), reused across the assessments. */
function sampleResults(q: Questionnaire, next: () => number, count: number): ScoreResult[] {
  return Array.from({ length: count }, () => {
    const answers = new Map<string, Answer>();
    const bias = next();
    for (const { question } of placedQuestions(q)) {
      if (question.type === 'conformance') answers.set(question.id, [1, 0.8, 0.5, 0][Math.floor((next() + bias) * 2) % 4]);
      else if (question.type === 'ladder') answers.set(question.id, 1 + Math.floor(next() * 5));
      else if (question.type === 'yesno') answers.set(question.id, next() < 0.5);
    }
    return scoreAssessment(q, answers);
  });
}

/** Migrates the database and inserts the platform admin, the organizations and the scored assessments. */
export async function seedProgramme(env: { dataDir: string; databaseUrl?: string }): Promise<void> {
  const handle = openDatabase({ dataDir: env.dataDir, databaseUrl: env.databaseUrl });
  const { db } = handle;
  try {
    await migrateToLatest(db);
    const now = new Date().toISOString();
    const adminId = newId();
    await db
      .insertInto('users')
      .values({ id: adminId, email: ADMIN.email, name: 'Bench Admin', password_hash: await hashPassword(ADMIN.password), is_platform_admin: 1, is_consultant: 0, created_at: now, deactivated_at: null, password_changed_at: null, affiliation: null })
      .execute();
    const next = random(20);
    const orgIds: string[] = [];
    const orgs = Array.from({ length: ORGANIZATIONS }, (_, i) => {
      const body = `91350100M${String(i + 1).padStart(8, '0')}`;
      const id = newId();
      orgIds.push(id);
      return {
        id,
        name: i % 50 === 0 ? `=HYPERLINK("x","压测${i}")` : `压测制造有限公司 ${i + 1}`,
        industry: i % 2 ? 'manufacturing-discrete' : 'ict',
        size_band: ['micro', 'small', 'medium', 'large'][i % 4],
        created_at: now,
        credit_code: body + creditCodeCheckDigit(body),
        province: '350000',
        name_en: null,
      };
    });
    for (let i = 0; i < orgs.length; i += 250) await db.insertInto('organizations').values(orgs.slice(i, i + 250)).execute();

    const questionnaires = loadQuestionnaireDir(resolve(projectRoot, 'questionnaires')).filter((q) => q.id === 'enterprise-ai-maturity');
    const results = questionnaires.map((q) => ({ q, results: sampleResults(q, next, 40) }));
    const BATCH = 500;
    for (let start = 0; start < EXPORT_ASSESSMENTS; start += BATCH) {
      const assessments: Insertable<AssessmentsTable>[] = [];
      const scores: Insertable<AssessmentScoresTable>[] = [];
      const dimensions: Insertable<DimensionScoresTable>[] = [];
      for (let i = start; i < Math.min(start + BATCH, EXPORT_ASSESSMENTS); i++) {
        const { q, results: pool } = results[i % results.length];
        const result = pool[i % pool.length];
        const status = STATUSES[i % STATUSES.length];
        const created = new Date(Date.parse('2026-01-01T00:00:00Z') + i * 60_000).toISOString();
        const id = newId();
        assessments.push({
          id,
          org_id: orgIds[i % orgIds.length],
          questionnaire_id: q.id,
          questionnaire_version: q.version,
          weight_profile: null,
          title: `${2026 - (i % 3)} 年度自评`,
          status,
          created_by: adminId,
          created_at: created,
          updated_at: created,
          submitted_at: status === 'draft' ? null : created,
          finalized_at: status === 'finalized' ? created : null,
          finalized_by: status === 'finalized' ? adminId : null,
        });
        const rows = scoreRows(id, result, created);
        scores.push(rows.score);
        dimensions.push(...rows.dimensions);
      }
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('assessments').values(assessments).execute();
        await trx.insertInto('assessment_scores').values(scores).execute();
        await trx.insertInto('dimension_scores').values(dimensions).execute();
      });
    }
  } finally {
    await handle.close();
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}

/** The process's CPU time so far (user + system), from /proc (clock ticks of 1/100 s on Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Downloads `path` to the last byte while sampling the server's resident memory every 20 ms. */
async function timedDownload(client: HttpClient, pid: number, label: string, path: string, countRows: (body: Buffer) => number): Promise<ExportRun> {
  const before = rssMb(pid);
  const cpuBefore = cpuSeconds(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  const started = performance.now();
  const res = await client.get(path);
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(pid));
  return { label, rows: countRows(body), bytes: body.length, seconds, cpuSeconds: cpuSeconds(pid) - cpuBefore, rssGrowthMb: peak - before };
}

const csvRows = (body: Buffer) => body.toString('utf8').split('\r\n').filter(Boolean).length - 1;
/** Rows of the streamed sheet: its <row> elements (the header is row 1). */
async function xlsxRows(body: Buffer): Promise<number> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets[0].rowCount - 1;
}

/** Seeds a fresh database, starts a server on it and times each export twice (the second run is warm). */
export async function programmeExportBench(backend: string, env: { dataDir: string; databaseUrl?: string }): Promise<ExportRun[]> {
  const seedStart = performance.now();
  await seedProgramme(env);
  console.log(`${backend}: seeded ${EXPORT_ASSESSMENTS} assessments in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  const server = await startServer({ DATA_DIR: env.dataDir, LOGIN_RATE_LIMIT: '1000', ...(env.databaseUrl ? { DATABASE_URL: env.databaseUrl } : {}) });
  try {
    const client = new HttpClient(server.url);
    const login = await client.submit('/login', [['email', ADMIN.email], ['password', ADMIN.password]]);
    if (login.status !== 303) throw new Error(`login failed: ${login.status}`);
    const pid = server.child.pid!;
    const runs: ExportRun[] = [];
    for (const round of [1, 2]) {
      runs.push(await timedDownload(client, pid, `${backend}: CSV (run ${round})`, '/exports/assessments.csv', csvRows));
      runs.push(await timedDownload(client, pid, `${backend}: XLSX (run ${round})`, '/exports/assessments.xlsx', () => 0));
    }
    // A third of the rows (the signed stage): if memory held the rows, its growth would be a third.
    runs.push(await timedDownload(client, pid, `${backend}: CSV, signed only`, '/exports/assessments.csv?group=signed', csvRows));
    // Counting the XLSX's rows reads it back, outside the timing.
    const check = await client.get('/exports/assessments.xlsx');
    const rows = await xlsxRows(Buffer.from(await check.arrayBuffer()));
    for (const r of runs) if (r.label.includes('XLSX')) r.rows = rows;
    return runs;
  } finally {
    await server.stop();
  }
}
