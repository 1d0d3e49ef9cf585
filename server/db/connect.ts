// Opens the database named by the configuration: SQLite in DATA_DIR by default, PostgreSQL when
// DATABASE_URL is set. Returns one Kysely instance; nothing else in the app knows which it is,
// apart from the backup command.
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from './schema.js';
import type { WalSync } from './group-commit.js';
import { GroupCommitSqliteDialect, openSqliteFile } from './sqlite.js';

// int8 (count(*), sum of integers) arrives as text by default; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Backend = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  backend: Backend;
  /** The better-sqlite3 connection, for the online backup; absent on PostgreSQL. */
  sqlite?: BetterSqlite3.Database;
  /** SQLite's group commit (server/db/group-commit.ts): the syncs of the log that acknowledge writes. */
  groupCommit?: WalSync;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  dataDir: string;
  databaseUrl?: string;
  pgPoolSize?: number;
  pgStatementTimeoutMs?: number;
}

export function sqliteFile(dataDir: string): string {
  return join(dataDir, 'zhiping.db');
}

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.pgPoolSize ?? 10,
      statement_timeout: options.pgStatementTimeoutMs || undefined,
      application_name: 'zhiping',
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, backend: 'postgres', close: () => db.destroy() };
  }
  const file = sqliteFile(options.dataDir);
  const raw = openSqliteFile(file);
  const dialect = new GroupCommitSqliteDialect(raw, file);
  const db = new Kysely<Database>({ dialect });
  return { db, backend: 'sqlite', sqlite: raw, groupCommit: dialect.wal, close: () => db.destroy() };
}
