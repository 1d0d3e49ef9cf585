// The blob store in the database: the bytes in `blob_chunks`, in chunks of a fixed size, so that a
// download streams one chunk at a time and no file is ever read into memory whole.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { newId } from '../db/ids.js';
import type { Database } from '../db/schema.js';
import type { BlobStore, StoredBlob } from './store.js';

export const DEFAULT_CHUNK_SIZE = 256 * 1024;

/** The bytes cut into pieces of `size`, whatever the sizes of the pieces that came in. */
async function* rechunk(source: AsyncIterable<Buffer> | Iterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const piece of source) {
    pending.push(piece);
    length += piece.length;
    while (length >= size) {
      const all = Buffer.concat(pending, length);
      yield all.subarray(0, size);
      pending = [all.subarray(size)];
      length -= size;
    }
  }
  if (length > 0) yield Buffer.concat(pending, length);
}

export class DatabaseBlobStore implements BlobStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly chunkSize = DEFAULT_CHUNK_SIZE,
  ) {}

  async put(bytes: Buffer | Readable, db: Kysely<Database> = this.db): Promise<StoredBlob> {
    const key = newId();
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    const source = Buffer.isBuffer(bytes) ? [bytes] : (bytes as AsyncIterable<Buffer>);
    for await (const chunk of rechunk(source, this.chunkSize)) {
      hash.update(chunk);
      size += chunk.length;
      // A copy: a subarray would bind the whole buffer it is a view of.
      await db.insertInto('blob_chunks').values({ blob_key: key, seq: seq++, data: Buffer.from(chunk) }).execute();
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  open(key: string): Readable {
    const db = this.db;
    async function* chunks(): AsyncGenerator<Buffer> {
      // Counted first, so the stream ends right after the last chunk instead of one query later (by
      // then a client that has its Content-Length may have closed the connection).
      const row = await db.selectFrom('blob_chunks').select((eb) => eb.fn.max('seq').as('last')).where('blob_key', '=', key).executeTakeFirst();
      const last = row?.last == null ? -1 : Number(row.last);
      for (let seq = 0; seq <= last; seq++) {
        const chunk = await db.selectFrom('blob_chunks').select('data').where('blob_key', '=', key).where('seq', '=', seq).executeTakeFirst();
        if (!chunk) throw new Error(`blob ${key} is missing chunk ${seq}`);
        yield Buffer.from(chunk.data);
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async remove(key: string, db: Kysely<Database> = this.db): Promise<void> {
    await db.deleteFrom('blob_chunks').where('blob_key', '=', key).execute();
  }
}
