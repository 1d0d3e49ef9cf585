// A consistent copy of the database while the app keeps running.
// SQLite: an online backup copying every page in one step (the default stepping restarts on each
// write and may never finish under load, see DATA-LAYER.md), then an integrity check of the copy.
// PostgreSQL: pg_dump in its custom format (restore with pg_restore).
import { execFile } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';

const run = promisify(execFile);
const ALL_PAGES_AT_ONCE = 2 ** 31 - 1;

export async function backupSqlite(sourceFile: string, destination: string): Promise<void> {
  if (!existsSync(sourceFile)) throw new Error(`no database at ${sourceFile}`);
  const partial = `${destination}.partial`;
  rmSync(partial, { force: true });
  const source = new BetterSqlite3(sourceFile, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(partial, { progress: () => ALL_PAGES_AT_ONCE });
  } finally {
    source.close();
  }
  const copy = new BetterSqlite3(partial);
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`backup failed its integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
  renameSync(partial, destination);
}

export async function backupPostgres(databaseUrl: string, destination: string): Promise<void> {
  await run('pg_dump', ['--format=custom', '--no-owner', `--dbname=${databaseUrl}`, `--file=${destination}`]);
}
