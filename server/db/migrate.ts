// Runs the migrations in migrations/ with Kysely's Migrator. Each migration runs in a transaction on
// both backends (see sqlite.ts); the Migrator's lock makes concurrent starts on PostgreSQL safe.
// On SQLite a second process finding the file busy retries instead of crashing.
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations/index.js';

export class MigrationError extends Error {}

export async function migrateToLatest(
  db: Kysely<any>,
  source: Record<string, Migration> = migrations,
  attempts = 10,
): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => source } });
  for (let attempt = 1; ; attempt++) {
    const result = await migrator.migrateToLatest();
    if (!result.error) return result;
    const busy = (result.error as { code?: string }).code === 'SQLITE_BUSY';
    if (!busy || attempt >= attempts) {
      const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
      throw new MigrationError(
        `migration ${failed ?? ''} failed: ${(result.error as Error).message ?? String(result.error)}`,
        { cause: result.error },
      );
    }
    await new Promise((r) => setTimeout(r, 200 * attempt));
  }
}
