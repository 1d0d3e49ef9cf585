// Where the bytes of evidence files live, behind a small interface so that an object store can take
// the place of the database one (db-store.ts) without the evidence feature changing.
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface StoredBlob {
  key: string;
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
}

export interface BlobStore {
  /**
   * Stores the bytes under a new key. `db` is the caller's transaction: a store that keeps the bytes in
   * the database writes them there, so they are committed (or rolled back) with the file's row.
   */
  put(bytes: Buffer | Readable, db?: Kysely<Database>): Promise<StoredBlob>;
  /** The bytes of `key`, read as the stream is consumed. */
  open(key: string): Readable;
  remove(key: string, db?: Kysely<Database>): Promise<void>;
}
