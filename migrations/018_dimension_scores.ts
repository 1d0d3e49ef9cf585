// Each dimension's score and level of an assessment's stored result as rows (beside the headline figures in
// assessment_scores), so the peer benchmark and the operator's figures are read with SQL instead of parsing
// every peer's result JSON (the cohort itself is found by assessments_peer_idx).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dimension_scores')
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
    .addColumn('dimension_id', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('dimension_scores_pk', ['assessment_id', 'dimension_id'])
    .execute();

  // The results stored so far, copied over in pages (the JSON is parsed here, once).
  let after = '';
  for (;;) {
    const rows: { assessment_id: string; result_json: string }[] = await db
      .selectFrom('assessment_scores')
      .select(['assessment_id', 'result_json'])
      .where('assessment_id', '>', after)
      .orderBy('assessment_id')
      .limit(200)
      .execute();
    if (!rows.length) break;
    const values = rows.flatMap((r) =>
      (JSON.parse(r.result_json) as { dimensions: { id: string; level: number; score: number }[] }).dimensions.map((d) => ({
        assessment_id: r.assessment_id,
        dimension_id: d.id,
        level: d.level,
        score: d.score,
      })),
    );
    if (values.length) await db.insertInto('dimension_scores').values(values).execute();
    after = rows.at(-1)!.assessment_id;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dimension_scores').execute();
}
