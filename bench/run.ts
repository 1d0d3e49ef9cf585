// `npm run bench`: report generation time and memory, and HTTP load on SQLite (one process) and
// PostgreSQL (two processes on one database). Prints the figures and writes BENCHMARKS.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../server/config.js';
import { startPgServer } from '../scripts/lib/pg-server.js';
import { startServer } from '../scripts/lib/server-process.js';
import { answeringLoad, type LoadResult } from './http.js';
import { benchReport } from './report.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' }, 'skip-pg': { type: 'boolean', default: false } },
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

const fmt = (n: number, d = 1) => n.toFixed(d);

const report = await benchReport();
console.log('report', report);
const loads = [...(await sqliteLoad()), ...(values['skip-pg'] ? [] : await postgresLoad())];
for (const l of loads) console.log(l);

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
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
`;
writeFileSync(resolve(projectRoot, 'BENCHMARKS.md'), md);
console.log(md);
