import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { peerResults } from '../../server/record/benchmark-repo.js';
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
    const bench = benchmarkAgainst(result, await peerResults(db, finalized, org));
    expect(bench.overall.shown).toBe(true);
    expect(bench.overall.peers).toBe(5);
  });

  it('refuses to add the demo data twice', () => {
    const again = seed();
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already there');
  });
});
