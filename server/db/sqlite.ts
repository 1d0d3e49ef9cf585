// SQLite through better-sqlite3: durable pragmas, a prepared-statement cache (Kysely keeps none),
// and an adapter that runs migrations inside a transaction (SQLite supports transactional DDL,
// Kysely's stock SqliteAdapter just does not claim it).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteAdapter, SqliteDialect, type DialectAdapter, type SqliteDatabase, type SqliteStatement } from 'kysely';

const STATEMENT_CACHE_SIZE = 500;

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class DurableSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

export function openSqliteFile(file: string): BetterSqlite3.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // The query planner's statistics (sqlite_stat1), as SQLite advises for long-lived connections: gathered
  // where missing or stale when the file is opened (bounded work), refreshed by `PRAGMA optimize` with
  // the periodic housekeeping. Without them a join may pick the primary key over a covering index.
  if (file !== ':memory:') raw.pragma('optimize = 0x10002');
  return raw;
}

/** Wraps a connection so that each distinct SQL text is prepared once (bounded, oldest dropped first). */
export function withStatementCache(raw: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit) return hit;
      const statement = raw.prepare(sql) as unknown as SqliteStatement;
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(sql, statement);
      return statement;
    },
  };
}
