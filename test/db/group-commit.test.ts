// SQLite's group commit: a write is acknowledged only after a sync of the log that began after it; writes
// committed while a sync runs share the next one; reads never wait for a sync.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../server/db/connect.js';
import { WalSync } from '../../server/db/group-commit.js';

/** A sync function whose syncs finish when the test says so. */
function controlledSync() {
  const pending: { path: string; finish: (err?: Error) => void }[] = [];
  const sync = (path: string) =>
    new Promise<void>((resolve, reject) => pending.push({ path, finish: (err) => (err ? reject(err) : resolve()) }));
  return { sync, pending };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('WalSync', () => {
  it('answers a commit only after a sync that began after it, and lets the commits during a sync share the next', async () => {
    const { sync, pending } = controlledSync();
    const wal = new WalSync('/data/zhiping.db', sync);
    const done: string[] = [];
    const first = wal.afterCommit().then(() => done.push('first'));
    expect(pending.map((p) => p.path)).toEqual(['/data/zhiping.db-wal']);
    // Three more commits while the first sync runs: none may count on it.
    const later = [1, 2, 3].map((i) => wal.afterCommit().then(() => done.push(`later ${i}`)));
    await settle();
    expect(pending).toHaveLength(1);
    pending[0].finish();
    await first;
    await settle();
    expect(done).toEqual(['first']);
    // The next sync began after their commits: one for all three.
    expect(pending).toHaveLength(2);
    pending[1].finish();
    await Promise.all(later);
    expect(done).toEqual(['first', 'later 1', 'later 2', 'later 3']);
    expect(wal.started).toBe(2);
  });

  it('fails the commits a failed sync was to cover, and syncs afresh for the next', async () => {
    const { sync, pending } = controlledSync();
    const wal = new WalSync('/data/zhiping.db', sync);
    const failed = wal.afterCommit();
    pending[0].finish(new Error('EIO'));
    await expect(failed).rejects.toThrow('EIO');
    const next = wal.afterCommit();
    expect(pending).toHaveLength(2);
    pending[1].finish();
    await expect(next).resolves.toBeUndefined();
  });
});

describe('group commit on a SQLite database', () => {
  let handle: DatabaseHandle | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await handle?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('syncs once per write or transaction, never for a read, and shares a sync among concurrent writes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'zp-group-commit-'));
    handle = openDatabase({ dataDir: dir });
    const { db, groupCommit, sqlite } = handle;
    expect(sqlite!.pragma('synchronous', { simple: true })).toBe(1); // NORMAL: the log is synced by group commit
    await sql`create table t (id integer primary key, v text not null)`.execute(db);
    const base = groupCommit!.started;

    await db.insertInto('t' as never).values({ v: 'one' } as never).execute();
    expect(groupCommit!.started).toBe(base + 1);

    await db.selectFrom('t' as never).selectAll().execute();
    expect(groupCommit!.started).toBe(base + 1);

    await db.transaction().execute(async (trx) => {
      for (const v of ['a', 'b', 'c']) await trx.insertInto('t' as never).values({ v } as never).execute();
    });
    expect(groupCommit!.started).toBe(base + 2);

    // An update that changes no row wrote nothing.
    await db.updateTable('t' as never).set({ v: 'x' } as never).where(sql`id`, '=', 999).execute();
    expect(groupCommit!.started).toBe(base + 2);

    // Twenty writes at once: the first starts a sync, the nineteen committed while it runs share the next.
    await Promise.all(Array.from({ length: 20 }, (_, i) => db.insertInto('t' as never).values({ v: `row ${i}` } as never).execute()));
    expect(groupCommit!.started).toBe(base + 4);

    const { n } = (await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0];
    expect(n).toBe(24);
  });
});
