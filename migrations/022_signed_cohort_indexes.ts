// The operator's dashboard at programme size reads a questionnaire version's signed assessments (each
// organization's latest in a period) and their dimensions' levels for a thousand organizations at once:
// - the cohort index gains the organization, the signing time and the id, so the latest sign-off per
//   organization is one walk of the index in organization order, from the index alone; it keeps the old
//   peer index's columns first (the benchmark's and the status counts' lookups), which it replaces;
// - a dimension's level beside its key, so the levels are read from the index without the rows.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('assessments_cohort_idx')
    .on('assessments')
    .columns(['questionnaire_id', 'questionnaire_version', 'status', 'org_id', 'finalized_at', 'id'])
    .execute();
  await db.schema.dropIndex('assessments_peer_idx').execute();
  await db.schema.createIndex('dimension_scores_levels_idx').on('dimension_scores').columns(['assessment_id', 'dimension_id', 'level']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('dimension_scores_levels_idx').execute();
  await db.schema.createIndex('assessments_peer_idx').on('assessments').columns(['questionnaire_id', 'questionnaire_version', 'status']).execute();
  await db.schema.dropIndex('assessments_cohort_idx').execute();
}
