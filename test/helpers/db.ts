// A fresh database for each test file: a temporary SQLite file, or, when TEST_DATABASE_URL is set
// (npm run test:pg), a new PostgreSQL database created on that server and dropped afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../server/db/connect.js';

export interface TestDatabase {
  handle: DatabaseHandle;
  dataDir: string;
  databaseUrl?: string;
  dispose(): Promise<void>;
}

export const pgServerUrl = process.env.TEST_DATABASE_URL;

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates an empty PostgreSQL database on the test server and returns its URL and a drop function. */
export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `zp_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgServerUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: withDatabase(pgServerUrl!, name),
    async drop() {
      const c = new pg.Client({ connectionString: pgServerUrl });
      await c.connect();
      try {
        // FORCE cannot end a server process of another role (an autovacuum worker busy in the database
        // just used): 42501. That worker finishes soon; try again a few times before giving up.
        for (let attempt = 1; ; attempt++) {
          try {
            await c.query(`drop database if exists ${name} with (force)`);
            return;
          } catch (err) {
            if ((err as { code?: string }).code !== '42501' || attempt >= 20) throw err;
            await new Promise((r) => setTimeout(r, 250));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zhiping-test-'));
  if (!pgServerUrl) {
    const handle = openDatabase({ dataDir });
    return {
      handle,
      dataDir,
      async dispose() {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const created = await createPgDatabase();
  const handle = openDatabase({ dataDir, databaseUrl: created.url, pgPoolSize: 4 });
  return {
    handle,
    dataDir,
    databaseUrl: created.url,
    async dispose() {
      await handle.close();
      await created.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
