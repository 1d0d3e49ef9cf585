import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupPostgres, backupSqlite } from '../../server/db/backup.js';
import { openDatabase, sqliteFile } from '../../server/db/connect.js';
import { agent, answerSection, createTestApp, registerOrg, setupAdmin, startAssessment, type TestApp } from '../helpers/app.js';
import { createPgDatabase } from '../helpers/db.js';

let t: TestApp;
let assessmentId: string;
beforeAll(async () => {
  t = await createTestApp();
  const a = agent(t.app);
  await setupAdmin(a);
  await registerOrg(a, 'backup@example.com', '备份测试公司');
  assessmentId = await startAssessment(a);
  await answerSection(a, assessmentId, 'gov', { 'g-1': '1', 'g-2': '0.8' });
});
afterAll(() => t.close());

async function countAnswers(db: Kysely<any>): Promise<number> {
  const rows = await db.selectFrom('answers').select('question_id').where('assessment_id', '=', assessmentId).execute();
  return rows.length;
}

describe('online backup', () => {
  it.skipIf(!!process.env.TEST_DATABASE_URL)('copies a SQLite database while the app keeps writing, and the copy restores', async () => {
    const destination = join(t.database.dataDir, 'backup.db');
    const writes = (async () => {
      for (let i = 0; i < 30; i++) {
        await t.ctx.db.insertInto('audit_log').values({ id: `w${i}`, at: new Date().toISOString(), actor_id: null, org_id: null, assessment_id: null, action: 'test.write', detail_json: '{}' }).execute();
      }
    })();
    await Promise.all([backupSqlite(sqliteFile(t.database.dataDir), destination), writes]);

    const restoredDir = join(t.database.dataDir, 'restored');
    execFileSync('mkdir', ['-p', restoredDir]);
    execFileSync('cp', [destination, sqliteFile(restoredDir)]);
    const restored = openDatabase({ dataDir: restoredDir });
    try {
      expect(await countAnswers(restored.db)).toBe(2);
      const org = await restored.db.selectFrom('organizations').select('name').executeTakeFirstOrThrow();
      expect(org.name).toBe('备份测试公司');
    } finally {
      await restored.close();
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('dumps PostgreSQL with pg_dump, and pg_restore brings it back', async () => {
    const file = join(t.database.dataDir, 'backup.dump');
    await backupPostgres(t.database.databaseUrl!, file);
    const target = await createPgDatabase();
    try {
      execFileSync('pg_restore', ['--no-owner', `--dbname=${target.url}`, file]);
      const restored = openDatabase({ dataDir: t.database.dataDir, databaseUrl: target.url });
      try {
        expect(await countAnswers(restored.db)).toBe(2);
      } finally {
        await restored.close();
      }
    } finally {
      await target.drop();
    }
  });
});
