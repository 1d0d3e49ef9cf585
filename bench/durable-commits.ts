// The yardstick of the autosave ratio: how many durable one-row commits a second the disk allows, one
// after another on one connection, each synced before the next (SQLite: WAL, synchronous=FULL, the way the app
// would commit without group commit; PostgreSQL: its defaults, fsync on commit). Measured in the same run as the load it is compared with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openSqliteFile } from '../server/db/sqlite.js';

export function sqliteCommitsPerSecond(seconds = 3): number {
  const dir = mkdtempSync(join(tmpdir(), 'zhiping-commits-'));
  const db = openSqliteFile(join(dir, 'commits.db'));
  try {
    db.exec('create table t (id integer primary key, v text not null)');
    const insert = db.prepare('insert into t (v) values (?)');
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      insert.run(`row ${n}`);
      n++;
    }
    return n / ((performance.now() - start) / 1000);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function postgresCommitsPerSecond(url: string, seconds = 3): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create table if not exists bench_commits (id serial primary key, v text not null)');
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      await client.query('insert into bench_commits (v) values ($1)', [`row ${n}`]);
      n++;
    }
    return n / ((performance.now() - start) / 1000);
  } finally {
    await client.query('drop table if exists bench_commits');
    await client.end();
  }
}
