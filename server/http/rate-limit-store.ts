// express-rate-limit store in the database: counters shared by every app process.
// One upsert per hit, atomic on both backends.
import type { IncrementResponse, Options, Store } from 'express-rate-limit';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export class DatabaseRateLimitStore implements Store {
  private windowMs = 60_000;
  readonly localKeys = false;

  constructor(
    private readonly db: Kysely<Database>,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = new Date();
    const nowText = now.toISOString();
    const resetAt = new Date(now.getTime() + this.windowMs).toISOString();
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key: this.prefix + key, hits: 1, reset_at: resetAt })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          hits: sql<number>`case when rate_limits.reset_at <= ${nowText} then 1 else rate_limits.hits + 1 end`,
          reset_at: sql<string>`case when rate_limits.reset_at <= ${nowText} then ${resetAt} else rate_limits.reset_at end`,
        }),
      )
      .returning(['hits', 'reset_at'])
      .executeTakeFirstOrThrow();
    return { totalHits: Number(row.hits), resetTime: new Date(row.reset_at) };
  }

  async decrement(key: string): Promise<void> {
    await this.db
      .updateTable('rate_limits')
      .set({ hits: sql<number>`case when hits > 0 then hits - 1 else 0 end` })
      .where('key', '=', this.prefix + key)
      .execute();
  }

  async resetKey(key: string): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('key', '=', this.prefix + key).execute();
  }
}
