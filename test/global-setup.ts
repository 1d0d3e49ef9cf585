// Runs once before the suite: nothing to prepare on SQLite; on PostgreSQL (TEST_DATABASE_URL set by
// scripts/test-pg.sh) each test file creates its own database, so nothing is shared here either.
export default function setup(): void {}
