// The programme export under volume: 20,000 scored assessments inserted directly (500 organizations,
// both enterprise questionnaire versions), then GET /exports/assessments.csv and .xlsx as the platform
// admin through HTTP against a real server process, timed to the last byte, with the process's resident
// memory sampled while it streams (growth over its resident size just before the request).
import { readFileSync } from 'node:fs';
import { HttpClient } from '../scripts/lib/http-client.js';
import { startServer } from '../scripts/lib/server-process.js';
import { ADMIN_EMAIL, BENCH_PASSWORD, generateProgramme } from './programme-data.js';

export const EXPORT_ASSESSMENTS = 20_000;

export interface ExportRun {
  label: string;
  rows: number;
  bytes: number;
  seconds: number;
  /** CPU time the server process spent (user + system): what the export costs, whatever else the machine runs. */
  cpuSeconds: number;
  rssGrowthMb: number;
}

/** 500 organizations and 20,000 scored assessments (no answers: the export reads results only). */
export const seedProgramme = (env: { dataDir: string; databaseUrl?: string }) =>
  generateProgramme(env, { organizations: 500, assessments: EXPORT_ASSESSMENTS, consultants: 0, draftAnswers: 0 });

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
    const login = await client.submit('/login', [['email', ADMIN_EMAIL], ['password', BENCH_PASSWORD]]);
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
