// Group commit for SQLite: an acknowledged write is on disk, as with synchronous=FULL, but the many writes
// of a busy minute share their fsyncs, and no fsync blocks the one JavaScript thread.
//
// With synchronous=FULL every COMMIT syncs the write-ahead log on the calling thread: the whole server
// stops for that (about a millisecond for an autosave's pages) while fifty respondents wait. Here the
// connection runs with synchronous=NORMAL (in WAL mode a COMMIT then only writes the log; SQLite still syncs
// before each checkpoint, and the database cannot be corrupted either way), and whoever wrote waits, after
// releasing the connection, until a sync of the log file that *began after its commit* has finished: a
// `fdatasync` on libuv's thread pool. Syncs run one after another; every write committed while one runs
// waits for the next, so one sync covers all of them. Nothing that wrote is answered before its data is
// durable: a failed sync rejects, and the request fails instead of claiming a save.
import { open } from 'node:fs/promises';

/** Syncs a file's data (and size) to disk; the default opens it, fdatasyncs it and closes it again. */
export type SyncFile = (path: string) => Promise<void>;

const fdatasyncFile: SyncFile = async (path) => {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    // No log file yet: nothing has been written to it, so nothing needs syncing.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
};

export class WalSync {
  readonly #path: string;
  readonly #sync: SyncFile;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  /** How many syncs have begun (for tests and the benchmark's notes). */
  started = 0;

  constructor(databaseFile: string, sync: SyncFile = fdatasyncFile) {
    this.#path = `${databaseFile}-wal`;
    this.#sync = sync;
  }

  /** Resolves once a sync of the log that began after this call has finished (rejects if it failed). */
  afterCommit(): Promise<void> {
    if (!this.#running) return this.#start();
    // A sync is under way, but it may have begun before our commit: wait for the next one, shared by
    // everyone who committed meanwhile.
    this.#queued ??= this.#running
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#start();
      });
    return this.#queued;
  }

  #start(): Promise<void> {
    this.started++;
    const run: Promise<void> = this.#sync(this.#path).finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }
}
