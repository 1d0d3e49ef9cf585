// `npm run bench`: the performance budget of a provincial programme, each goal a ratio of two things
// measured side by side in one run (shared machines vary too much for absolute goals), plus the
// figures behind them. Prints every section and writes BENCHMARKS.md; `--only answering,pages` reruns
// some sections and replaces just those in the file.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../server/config.js';
import { startPgServer } from '../scripts/lib/pg-server.js';
import { answeringBench, type AnsweringBench } from './answering.js';
import { AUTOSAVE_CLIENTS } from './autosave.js';
import { EXPORT_ASSESSMENTS, programmeExportBench, type ExportRun } from './exports.js';
import type { LoadResult } from './http.js';
import { PROGRAMME, programmePagesBench, type PagesBench } from './pages.js';
import { benchReportInChild, type ReportBench } from './report.js';
import { scoringBench, type ScoringRun } from './scoring.js';

const SECTIONS = ['answering', 'pages', 'report', 'scoring', 'exports'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    'skip-pg': { type: 'boolean', default: false },
    only: { type: 'string' },
    // Kept from earlier versions of this command.
    'exports-only': { type: 'boolean', default: false },
    'scoring-only': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const postgres = !values['skip-pg'];
const only: Section[] = values['exports-only']
  ? ['exports']
  : values['scoring-only']
    ? ['scoring']
    : values.only
      ? values.only.split(',').map((s) => {
          if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only: one or more of ${SECTIONS.join(', ')}`);
          return s as Section;
        })
      : [...SECTIONS];

const fmt = (n: number, d = 1) => n.toFixed(d);
const ms = (n: number) => `${fmt(n, n < 10 ? 1 : 0)} ms`;
const meets = (ok: boolean) => (ok ? 'met' : '**not met**');
const machine = () =>
  `${cpus().length} × ${cpus()[0]?.model.trim()}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}; load average before: ${loadavg()
    .map((l) => fmt(l))
    .join(' / ')}`;
const benchmarksFile = resolve(projectRoot, 'BENCHMARKS.md');
const TITLES: Record<Section, string> = {
  answering: 'Answering on deadline day',
  pages: 'Pages at programme size',
  report: 'PDF report',
  scoring: 'Scoring',
  exports: 'Programme export',
};

function loadRow(l: LoadResult): string {
  return `| ${l.label} | ${fmt(l.requestsPerSec)} | ${l.p50Ms} | ${l.p99Ms} | ${l.ok} | ${l.failed} |`;
}

function answeringSection(a: AnsweringBench): string {
  const autosaveRow = (r: AnsweringBench['sqliteAutosave']) =>
    `| ${r.run.label} | ${r.run.clients} | ${fmt(r.run.savesPerSec)} | ${fmt(r.commitsPerSec)} | **${fmt(r.ratio, 2)}** (${meets(r.ratio >= 0.3)}) | ${ms(r.run.p50Ms)} | ${ms(r.run.p99Ms)} (${meets(r.run.p99Ms < 100)}) | ${r.run.ok} | ${r.run.failed}${r.run.failed ? ` (${JSON.stringify(r.run.outcomes)})` : ''} |`;
  return `## ${TITLES.answering}

Measured ${new Date().toISOString()} on ${machine()}. Data: ${AUTOSAVE_CLIENTS} organizations, each with a fully answered
draft of the enterprise questionnaire (1.0.0); one signed-in respondent per organization. SQLite: one server process
(WAL, group commit: each save answered after a sync of the log that began after it); PostgreSQL: two server
processes on one database.

**(1) The answering page ÷ plain Express sending its bytes** (autocannon, ${connections} connections, ${seconds} s each,
the strategy section of ${fmt(a.page.kib)} KiB): **${fmt(a.page.ratio, 3)}** (goal ≥ 0.25: ${meets(a.page.ratio >= 0.25)}).

| request | requests/s | p50 ms | p99 ms | ok | failed |
|---|---|---|---|---|---|
${loadRow(a.page.page)}
${loadRow(a.page.floor)}
${loadRow(a.page.raw)}

The middle row is the floor under this ratio: the app's own middleware (security headers, the catalog check,
cookies, language, the session read from the database, the user, CSRF) sending the same bytes to the same signed-in
user and doing nothing else. It reaches **${fmt(a.page.floorRatio, 3)}** of plain Express: no answering page served
through this stack can do better, however little it reads or renders.

**(2) Whole-section autosave ÷ durable one-row commits**: ${AUTOSAVE_CLIENTS} respondents each save the strategy section
(17 answers, one changed each time: one answer and its revision written, the result recomputed and stored) again as
soon as the last save is answered, for ${seconds} s. The yardstick is one-row commits one after another on one
connection of the same database, measured just before and after (mean).

| setup | respondents | saves/s | durable commits/s | ratio (goal ≥ 0.3) | p50 | p99 (goal < 100 ms) | ok | failed |
|---|---|---|---|---|---|---|---|---|
${[a.sqliteAutosave, ...(a.sqliteAutosave.floor ? [{ ...a.sqliteAutosave, ...a.sqliteAutosave.floor }] : []), ...(a.postgresAutosave ? [a.postgresAutosave] : [])].map(autosaveRow).join('\n')}
${
  a.sqliteAutosave.floor
    ? `
The second row is the floor under this ratio: the same respondents' saves answered by the app's own middleware
(the session read from the database, the user, the CSRF check, the form parsed) with a small JSON, nothing read or
written: **${fmt(a.sqliteAutosave.floor.ratio, 2)}** of the durable commits. No save through this stack can do better.
`
    : ''
}
**(4) The answering page's p99 while 4 PDF reports render ÷ its p99 with none** (SQLite, the same page and
connections; four clients ask for the assessment's draft report again as soon as one arrives; reports render in the
worker pool): **${fmt(a.reports.ratio, 2)}** (goal < 2: ${meets(a.reports.ratio < 2)}); ${a.reports.reportsRendered} reports rendered,
${a.reports.reportsRefused} refused (503, queue full) meanwhile.

| request | requests/s | p50 ms | p99 ms | ok | failed |
|---|---|---|---|---|---|
${loadRow(a.reports.quiet)}
${loadRow(a.reports.withReports)}
`;
}

function pagesSection(runs: PagesBench[]): string {
  return `## ${TITLES.pages}

**(3)** Measured ${new Date().toISOString()} on ${machine()}. A generator (bench/programme-data.ts) builds the programme
through the data layer: ${PROGRAMME.organizations.toLocaleString('en')} organizations (an org admin each),
${PROGRAMME.consultants} consultants (100 organizations each), ${PROGRAMME.assessments.toLocaleString('en')} scored
assessments (a sixth drafts with ${PROGRAMME.draftAnswers} answers, the rest fully answered, a third signed). Each page is
then fetched one request at a time by the user who sees it, 30 times after 3 warm-ups, against one server process.
Goal: each median under 50 ms.

${runs
  .map(
    (r) => `${r.backend}: ${r.assessments.toLocaleString('en')} assessments and ${r.answers.toLocaleString('en')} answers generated in ${fmt(r.generateSeconds)} s (goal < 120 s: ${meets(r.generateSeconds < 120)}).

| page (${r.backend}) | median | slowest | size | goal < 50 ms |
|---|---|---|---|---|
${r.pages.map((p) => `| ${p.label} | ${ms(p.medianMs)} | ${ms(p.maxMs)} | ${fmt(p.kib)} KiB | ${meets(p.medianMs < 50)} |`).join('\n')}`,
  )
  .join('\n\n')}
`;
}

function reportSection(r: ReportBench): string {
  return `## ${TITLES.report}

**(5)** Measured ${new Date().toISOString()} on ${machine()}, in a process of its own: a ${r.questions}-question
assessment (all answered, 20 long consultant comments), rendered ${'16'} times, zh-CN and en alternating.

| figure | value |
|---|---|
| pages | ${r.pages} |
| first report in the process (reads and parses the CJK font) | ${ms(r.firstMs)} |
| later reports: median (goal < 200 ms) | ${ms(r.medianMs)} (${meets(r.medianMs < 200)}) |
| later reports: slowest | ${ms(r.maxMs)} |
| later reports: CPU time of the process, median | ${ms(r.medianCpuMs)} |
| PDF size | ${fmt(r.bytes / 1024)} KiB |
| resident size after the first report (fonts loaded) | ${fmt(r.rssAfterFirstMb)} MiB |
| peak resident size of the process (goal < 200 MiB) | ${fmt(r.peakRssMb)} MiB (${meets(r.peakRssMb < 200)}) |
`;
}

function scoringSection(r: ScoringRun): string {
  return `## ${TITLES.scoring}

**(6)** Pure scoring (no database) of the ${r.questions}-question enterprise questionnaire with ${r.answers} answers, in one process
after a warm-up: ${fmt(r.perSecond, 0)} scorings a second (${fmt(r.microsEach, 1)} µs each). Goal: at least 20,000 a second (${meets(r.perSecond >= 20_000)}).
`;
}

function exportSection(runs: ExportRun[]): string {
  return `## ${TITLES.exports}

\`GET /exports/assessments.csv\` and \`.xlsx\` as the platform admin, through HTTP against one server process, timed to
the last byte: ${EXPORT_ASSESSMENTS.toLocaleString('en')} scored assessments (500 organizations, both enterprise
questionnaire versions, so 8 + 1 dimension columns), read in batches of 1,000 by id and streamed (CSV through
csv-stringify, XLSX through exceljs's WorkbookWriter without shared strings). Memory is the server's resident size,
sampled every 20 ms, above what it was just before the request; server CPU is the process's user + system time
for the request. Measured ${new Date().toISOString()} on ${machine()}
(time to the last byte grows with whatever else the machine runs; the CPU time much less).

| export | rows | size | time to last byte | server CPU | peak RSS growth |
|---|---|---|---|---|---|
${runs.map((r) => `| ${r.label} | ${r.rows} | ${fmt(r.bytes / 2 ** 20)} MiB | ${fmt(r.seconds, 2)} s | ${fmt(r.cpuSeconds, 2)} s | ${fmt(r.rssGrowthMb)} MiB |`).join('\n')}
`;
}

/** Runs `bench` on a fresh SQLite directory, then (unless --skip-pg) on a throwaway PostgreSQL. */
async function onBothBackends<T>(bench: (backend: string, env: { dataDir: string; databaseUrl?: string }) => Promise<T>): Promise<T[]> {
  const runs: T[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'zhiping-bench-'));
  try {
    runs.push(await bench('SQLite', { dataDir }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (!postgres) return runs;
  const pg = startPgServer();
  const pgDir = mkdtempSync(join(tmpdir(), 'zhiping-bench-'));
  try {
    runs.push(await bench('PostgreSQL', { dataDir: pgDir, databaseUrl: pg.url }));
  } finally {
    pg.stop();
    rmSync(pgDir, { recursive: true, force: true });
  }
  return runs;
}

const RUNNERS: Record<Section, () => Promise<string>> = {
  answering: async () => answeringSection(await answeringBench({ seconds, connections, postgres })),
  pages: async () => pagesSection(await onBothBackends(programmePagesBench)),
  report: async () => reportSection(await benchReportInChild()),
  scoring: async () => scoringSection(scoringBench()),
  exports: async () => exportSection((await onBothBackends(programmeExportBench)).flat()),
};

const HEADER = `# Benchmarks

Written by \`npm run bench\` (README, "Benchmarks", says how to read them). Each goal of issue 21 is a ratio of two
things measured side by side in the same run, or a figure of one process on its own; the machine and its load
average are noted with each section, since shared 2-core machines vary from run to run.
`;

/** The file with these sections replaced (or added), the others kept, in the order of SECTIONS. */
function merged(previous: string, fresh: Map<Section, string>): string {
  const kept = new Map<Section, string>();
  for (const s of SECTIONS) {
    const title = TITLES[s].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`\\n## ${title}\\n[^]*?(?=\\n## |$)`).exec(previous);
    if (match) kept.set(s, match[0].trim() + '\n');
  }
  const body = SECTIONS.map((s) => fresh.get(s) ?? kept.get(s)).filter(Boolean);
  return `${HEADER}\n${body.join('\n')}`;
}

const fresh = new Map<Section, string>();
for (const section of only) {
  const text = await RUNNERS[section]();
  console.log(text);
  fresh.set(section, text);
}
writeFileSync(benchmarksFile, merged(existsSync(benchmarksFile) ? readFileSync(benchmarksFile, 'utf8') : '', fresh));
console.log(`BENCHMARKS.md: ${[...fresh.keys()].join(', ')} written`);
