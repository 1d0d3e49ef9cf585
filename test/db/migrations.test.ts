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
});
