// Indexes for the pages that read many assessments at programme size:
// - the platform admin's list reads every assessment newest change first, a page at a time (keyset on
//   updated_at, id): without an index each page sorted all of them (20,000 rows: about 100 ms on SQLite);
// - the dashboard, the lists and the benchmark read a stored result's headline figures for thousands of
//   assessments: a covering index answers them without reading the rows, whose result JSON is large.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('assessments_updated_id_idx').on('assessments').columns(['updated_at', 'id']).execute();
  await db.schema
    .createIndex('assessment_scores_figures_idx')
    .on('assessment_scores')
    .columns(['assessment_id', 'status', 'level', 'score', 'answered_share'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('assessment_scores_figures_idx').execute();
  await db.schema.dropIndex('assessments_updated_id_idx').execute();
}
