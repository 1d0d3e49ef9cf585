// `npm run bench`: report generation time and memory, HTTP load on SQLite (one process) and
// PostgreSQL (two processes on one database), and the streamed programme export of 20,000 assessments.
// Prints the figures and writes BENCHMARKS.md (`--exports-only` reruns only the export and replaces its section).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../server/config.js';
import { startPgServer } from '../scripts/lib/pg-server.js';
import { startServer } from '../scripts/lib/server-process.js';
import { answeringLoad, type LoadResult } from './http.js';
import { benchReport } from './report.js';
import { EXPORT_ASSESSMENTS, programmeExportBench, type ExportRun } from './exports.js';
import { scoringBench, type ScoringRun } from './scoring.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    'skip-pg': { type: 'boolean', default: false },
    'exports-only': { type: 'boolean', default: false },
    'scoring-only': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);

async function sqliteLoad(): Promise<LoadResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zhiping-bench-'));
  const server = await startServer({ DATA_DIR: dataDir, LOGIN_RATE_LIMIT: '1000' });
  try {
    return await answeringLoad('SQLite, 1 process', [server], seconds, connections);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgresLoad(): Promise<LoadResult[]> {
  const pg = startPgServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'zhiping-bench-'));
  try {
    const env = { DATABASE_URL: pg.url, DATA_DIR: dataDir, PG_POOL_SIZE: '10' };
    const servers = await Promise.all([startServer(env), startServer(env)]);
    try {
      return await answeringLoad('PostgreSQL, 2 processes', servers, seconds, connections);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  } finally {
    pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function exportRuns(): Promise<ExportRun[]> {
  const runs: ExportRun[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'zhiping-bench-'));
  try {
    runs.push(...(await programmeExportBench('SQLite', { dataDir })));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (values['skip-pg']) return runs;
  const pg = startPgServer();
  const pgDir = mkdtempSync(join(tmpdir(), 'zhiping-bench-'));
  try {
    runs.push(...(await programmeExportBench('PostgreSQL', { dataDir: pgDir, databaseUrl: pg.url })));
  } finally {
    pg.stop();
    rmSync(pgDir, { recursive: true, force: true });
  }
  return runs;
}

const fmt = (n: number, d = 1) => n.toFixed(d);
const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
const benchmarksFile = resolve(projectRoot, 'BENCHMARKS.md');

function exportSection(runs: ExportRun[]): string {
  return `## Programme export

\`GET /exports/assessments.csv\` and \`.xlsx\` as the platform admin, through HTTP against one server process, timed to
the last byte: ${EXPORT_ASSESSMENTS.toLocaleString('en')} scored assessments (direct inserts, 500 organizations, both enterprise
questionnaire versions, so 8 + 1 dimension columns), read in batches of 1,000 by id and streamed (CSV through
csv-stringify, XLSX through exceljs's WorkbookWriter without shared strings). Memory is the server's resident size,
sampled every 20 ms, above what it was just before the request; server CPU is the process's user + system time
for the request. Measured ${new Date().toISOString()} on ${machine}, load average ${loadavg().map((l) => fmt(l)).join(' / ')}
(time to the last byte grows with whatever else the machine runs; the CPU time much less).

| export | rows | size | time to last byte | server CPU | peak RSS growth |
|---|---|---|---|---|---|
${runs.map((r) => `| ${r.label} | ${r.rows} | ${fmt(r.bytes / 2 ** 20)} MiB | ${fmt(r.seconds, 2)} s | ${fmt(r.cpuSeconds, 2)} s | ${fmt(r.rssGrowthMb)} MiB |`).join('\n')}
`;
}

function scoringSection(r: ScoringRun): string {
  return `## Scoring

Pure scoring (no database) of the ${r.questions}-question enterprise questionnaire with ${r.answers} answers, in one process
after a warm-up: ${fmt(r.perSecond, 0)} scorings a second (${fmt(r.microsEach, 1)} µs each). Goal: at least 20,000 a second.
`;
}

if (values['scoring-only']) {
  const run = scoringBench();
  const previous = existsSync(benchmarksFile) ? readFileSync(benchmarksFile, 'utf8') : '# Benchmarks\n';
  const kept = previous.replace(/\n## Scoring\n[^]*?(?=\n## |$)/, '').trimEnd();
  writeFileSync(benchmarksFile, `${kept}\n\n${scoringSection(run)}`);
  console.log(scoringSection(run));
  process.exit(0);
}

if (values['exports-only']) {
  const runs = await exportRuns();
  for (const r of runs) console.log(r);
  const previous = existsSync(benchmarksFile) ? readFileSync(benchmarksFile, 'utf8') : '# Benchmarks\n';
  const kept = previous.replace(/\n## Programme export\n[^]*?(?=\n## |$)/, '').trimEnd();
  writeFileSync(benchmarksFile, `${kept}\n\n${exportSection(runs)}`);
  console.log(exportSection(runs));
  process.exit(0);
}

const scoring = scoringBench();
console.log('scoring', scoring);
const report = await benchReport();
console.log('report', report);
const loads = [...(await sqliteLoad()), ...(values['skip-pg'] ? [] : await postgresLoad())];
for (const l of loads) console.log(l);
const exports = await exportRuns();
for (const r of exports) console.log(r);
const md = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString()}.
Machine: ${machine}. Shared 2-core machines vary from run to run: read these as orders of magnitude.

## PDF report

| figure | value |
|---|---|
| questions in the assessment | ${report.questions} (all answered, 20 long consultant comments) |
| pages | ${report.pages} |
| first report in a process (includes reading the CJK font) | ${fmt(report.firstMs)} ms |
| later reports, mean / max of 8 (zh-CN and en alternating) | ${fmt(report.meanMs)} ms / ${fmt(report.maxMs)} ms |
| PDF size | ${fmt(report.bytes / 1024)} KiB |
| peak resident memory of the process | ${fmt(report.rssMb)} MiB |
| heap growth after 9 reports | ${fmt(report.heapDeltaMb)} MiB |

## Answering under load

autocannon on 127.0.0.1, ${seconds} s per row, ${connections} connections in all (split evenly between processes),
one signed-in respondent on the enterprise questionnaire's strategy section. A save writes two
answers and recomputes and stores the score in one transaction (SQLite: WAL, synchronous=FULL).

| setup | requests/s | p50 ms | p99 ms | ok | failed |
|---|---|---|---|---|---|
${loads.map((l) => `| ${l.label} | ${fmt(l.requestsPerSec)} | ${l.p50Ms} | ${l.p99Ms} | ${l.ok} | ${l.failed} |`).join('\n')}

${scoringSection(scoring)}
${exportSection(exports)}`;
writeFileSync(benchmarksFile, md);
console.log(md);
