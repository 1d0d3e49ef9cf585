import { sql, type Kysely, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const broken: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createTable('half_done').addColumn('id', 'text').execute();
    await db.insertInto('half_done').values({ id: 'x' }).execute();
    await sql`select * from table_that_does_not_exist`.execute(db);
  },
};

async function tableNames(db: Kysely<any>): Promise<string[]> {
  return (await db.introspection.getTables()).map((t) => t.name);
}

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(() => t.dispose());

describe('migrations', () => {
  it('creates every table on a new database and does nothing the second time', async () => {
    expect(t.handle.backend).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite');
    const first = await migrateToLatest(t.handle.db);
    expect(first.results?.map((r) => r.status)).toEqual(Object.keys(migrations).map(() => 'Success'));
    expect(await tableNames(t.handle.db)).toEqual(expect.arrayContaining(['users', 'assessments', 'answers', 'sessions', 'audit_log']));
    const second = await migrateToLatest(t.handle.db);
    expect(second.results).toEqual([]);
  });

  it(`rolls a migration that fails halfway back completely on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, async () => {
    await migrateToLatest(t.handle.db);
    await expect(migrateToLatest(t.handle.db, { ...migrations, '999_broken': broken })).rejects.toThrow(/999_broken/);
    const tables = await tableNames(t.handle.db);
    expect(tables).not.toContain('half_done');
    expect(tables).toContain('users');
    const applied = await t.handle.db.selectFrom('kysely_migration' as any).select('name').execute();
    expect(applied.map((r: any) => r.name)).not.toContain('999_broken');
  });

  it('binds adjustments made before answer revisions existed: one that counted to the answer, one an answer had overridden as stale', async () => {
    const upTo002 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '003'));
    await migrateToLatest(t.handle.db, upTo002);
    const db = t.handle.db as Kysely<any>;
    const at = (m: number) => `2026-01-01T00:0${m}:00.000Z`;
    await db.insertInto('users').values({ id: 'u', email: 'u@x', name: 'U', password_hash: 'x', is_platform_admin: 0, is_consultant: 0, created_at: at(0) }).execute();
    await db.insertInto('organizations').values({ id: 'o', name: 'O', industry: 'energy', size_band: 'large', created_at: at(0) }).execute();
    await db.insertInto('assessments').values({ id: 'a', org_id: 'o', questionnaire_id: 'mini', questionnaire_version: '1.0.0', weight_profile: null, title: 'A', status: 'in_review', created_by: 'u', created_at: at(0), updated_at: at(0), submitted_at: null, finalized_at: null, finalized_by: null }).execute();
    await db.insertInto('answers').values([
      { assessment_id: 'a', question_id: 'q1', value_json: '0', na_reason: null, updated_at: at(1), updated_by: 'u' },
      { assessment_id: 'a', question_id: 'q2', value_json: '0', na_reason: null, updated_at: at(5), updated_by: 'u' },
    ]).execute();
    const note = (id: string, question: string, m: number) => ({ id, assessment_id: 'a', question_id: question, author_id: 'u', at: at(m), text: 'r', adjusted_value: 1 });
    await db.insertInto('review_notes').values([note('n1', 'q1', 2), note('n2', 'q2', 3), note('n3', 'q3', 3)]).execute();
    await migrateToLatest(t.handle.db);
    const rows = await db.selectFrom('review_notes').select(['id', 'answer_revision']).orderBy('id').execute();
    expect(rows.map((r: any) => [r.id, Number(r.answer_revision)])).toEqual([['n1', 1], ['n2', -1], ['n3', 0]]);
    const answers = await db.selectFrom('answers').select('revision').execute();
    expect(answers.map((r: any) => Number(r.revision))).toEqual([1, 1]);
  });
});
