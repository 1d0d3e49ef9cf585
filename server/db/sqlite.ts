// SQLite through better-sqlite3: durable pragmas, a prepared-statement cache (Kysely keeps none),
// and an adapter that runs migrations inside a transaction (SQLite supports transactional DDL,
// Kysely's stock SqliteAdapter just does not claim it).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteAdapter, SqliteDialect, SqliteDriver, type DialectAdapter, type Driver, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { WalSync } from './group-commit.js';

const STATEMENT_CACHE_SIZE = 500;

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Whether the connection has changed anything since the last sync was asked for. */
interface WriteState {
  wrote: boolean;
}

/**
 * Kysely's one-connection SQLite driver, plus group commit (server/db/group-commit.ts): when the connection
 * is handed back after writing, outside a transaction, the caller waits for a sync of the log that began after
 * its commit, without holding the connection meanwhile.
 */
class GroupCommitSqliteDriver extends SqliteDriver {
  constructor(
    config: ConstructorParameters<typeof SqliteDriver>[0],
    private readonly raw: BetterSqlite3.Database,
    private readonly state: WriteState,
    private readonly wal: WalSync,
  ) {
    super(config);
  }

  override async releaseConnection(): Promise<void> {
    const committed = this.state.wrote && !this.raw.inTransaction;
    if (committed) this.state.wrote = false;
    await super.releaseConnection();
    if (committed) await this.wal.afterCommit();
  }
}

/**
 * The app's SQLite dialect: prepared statements cached, transactional migrations (Kysely's SqliteAdapter does
 * not claim them), and group commit — the connection runs with synchronous=NORMAL and every write is
 * acknowledged only after a shared sync of the log that began after it (`wal`).
 */
export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly wal: WalSync;
  readonly #raw: BetterSqlite3.Database;
  readonly #state: WriteState;
  readonly #config: ConstructorParameters<typeof SqliteDriver>[0];

  constructor(raw: BetterSqlite3.Database, file: string) {
    raw.pragma('synchronous = NORMAL');
    const state: WriteState = { wrote: false };
    const config = { database: withStatementCache(raw, state) };
    super(config);
    this.wal = new WalSync(file);
    this.#raw = raw;
    this.#state = state;
    this.#config = config;
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }

  override createDriver(): Driver {
    return new GroupCommitSqliteDriver(this.#config, this.#raw, this.#state, this.wal);
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

/**
 * Wraps a connection so that each distinct SQL text is prepared once (bounded, oldest dropped first), and
 * notes in `state` when a statement changed rows.
 */
function withStatementCache(raw: BetterSqlite3.Database, state: WriteState): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit) return hit;
      const prepared = raw.prepare(sql);
      const statement: SqliteStatement = prepared.reader
        ? (prepared as unknown as SqliteStatement)
        : {
            reader: false,
            all: (parameters) => prepared.all(parameters),
            iterate: (parameters) => prepared.iterate(parameters),
            run(parameters) {
              const result = prepared.run(parameters);
              if (result.changes > 0) state.wrote = true;
              return result;
            },
          };
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(sql, statement);
      return statement;
    },
  };
}
