import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { peerScores } from '../../server/record/benchmark-repo.js';
import { benchmarkAgainst } from '../../server/domain/scoring/benchmark.js';
import { loadScore } from '../../server/record/scores-repo.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

function seed() {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', DATA_DIR: t.dataDir };
  if (t.databaseUrl) env.DATABASE_URL = t.databaseUrl;
  return spawnSync(process.execPath, [resolve(projectRoot, 'dist', 'scripts', 'seed-demo.js')], { encoding: 'utf8', env });
}

describe('npm run seed:demo', () => {
  it('adds organizations and assessments in every state, with enough signed-off peers for a benchmark', async () => {
    const run = seed();
    expect(run.status, run.stderr).toBe(0);
    const db = t.handle.db;
    const assessments = await db.selectFrom('assessments').innerJoin('organizations', 'organizations.id', 'assessments.org_id').selectAll('assessments').select(['organizations.industry', 'organizations.size_band']).execute();
    expect(assessments).toHaveLength(8);
    expect(assessments.filter((a) => a.status === 'finalized')).toHaveLength(6);
    expect(assessments.filter((a) => a.status === 'submitted')).toHaveLength(1);
    expect(assessments.filter((a) => a.status === 'draft')).toHaveLength(1);

    const finalized = assessments.find((a) => a.status === 'finalized')!;
    const org = await db.selectFrom('organizations').selectAll().where('id', '=', finalized.org_id).executeTakeFirstOrThrow();
    const result = (await loadScore(db, finalized.id))!;
    expect(result.status).toBe('ok');
    const bench = benchmarkAgainst(result, await peerScores(db, finalized, org));
    expect(bench.overall.shown).toBe(true);
    expect(bench.overall.peers).toBe(5);

    // The team: members in each role, sections assigned to respondents who answered them, evidence in the signed record.
    const roles = await db.selectFrom('memberships').select('role').where('org_id', '=', org.id).execute();
    expect(roles.map((r) => r.role).sort()).toEqual(['org_admin', 'respondent', 'respondent', 'viewer']);
    const assigned = await db.selectFrom('section_assignments').innerJoin('memberships', 'memberships.user_id', 'section_assignments.user_id').select('memberships.role').where('assessment_id', '=', finalized.id).execute();
    expect(assigned.filter((a) => a.role === 'respondent').length).toBeGreaterThan(0);
    const signed = await db.selectFrom('signed_reports').select('snapshot_json').where('assessment_id', '=', finalized.id).executeTakeFirstOrThrow();
    const evidence = Object.values(JSON.parse(signed.snapshot_json).evidence as Record<string, { name: string; sha256: string }[]>).flat();
    expect(evidence.map((e) => e.name.split('-')[0]).sort()).toEqual(['制度文件', '制度文件', '系统架构图']);
    const files = await db.selectFrom('evidence_files').select(['mime', 'uploaded_by']).where('assessment_id', '=', finalized.id).execute();
    expect(files.map((f) => f.mime).sort()).toEqual(['application/pdf', 'application/pdf', 'image/png']);
  });

  it('refuses to add the demo data twice', () => {
    const again = seed();
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already there');
  });
});

describe('the first page with the demo data', () => {
  it('lists the demo accounts and serves the sample report, a signed PDF from the demo data', async () => {
    const { pino } = await import('pino');
    const request = (await import('supertest')).default;
    const { createApp } = await import('../../server/app.js');
    const { readConfig } = await import('../../server/config.js');
    const { createContext } = await import('../../server/context.js');
    const { pdfSignatures } = await import('../helpers/pdf.js');
    const config = readConfig({ DATA_DIR: t.dataDir, LOG_LEVEL: 'silent', ...(t.databaseUrl ? { DATABASE_URL: t.databaseUrl } : {}) });
    const app = createApp(await createContext(config, t.handle, pino({ level: 'silent' })));
    const home = await request(app).get('/').set('Accept-Language', 'zh-CN');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<dt>顾问</dt><dd><code>consultant@demo.local</code></dd>');
    expect(home.text).toContain('<dt>填报人</dt><dd><code>org1-it@demo.local</code></dd>');
    expect(home.text).toContain('/sample-report.pdf?lang=en');
    const sample = await request(app).get('/sample-report.pdf?lang=en').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(sample.status).toBe(200);
    expect(sample.headers['content-type']).toBe('application/pdf');
    expect(pdfSignatures(sample.body as Buffer)).toContain('Signature is Valid.');
  });
});
