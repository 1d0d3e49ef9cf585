// Data access for the published questionnaire versions (table questionnaire_versions).
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, QuestionnaireVersionsTable } from '../db/schema.js';

export type VersionRow = Selectable<QuestionnaireVersionsTable>;
export type NewVersionRow = Omit<VersionRow, 'revision'>;

export async function listVersionRows(db: Kysely<Database>): Promise<VersionRow[]> {
  return db.selectFrom('questionnaire_versions').selectAll().execute();
}

export async function findVersionRow(db: Kysely<Database>, questionnaireId: string, version: string): Promise<VersionRow | undefined> {
  return db.selectFrom('questionnaire_versions').selectAll().where('questionnaire_id', '=', questionnaireId).where('version', '=', version).executeTakeFirst();
}

/** Inserts a version; an existing id@version raises the driver's unique violation (nothing is replaced). */
export async function insertVersionRow(db: Kysely<Database>, row: NewVersionRow): Promise<void> {
  await db.insertInto('questionnaire_versions').values(row).execute();
}

/** Inserts a version unless its id@version exists; says whether it was inserted. */
export async function insertVersionRowIfAbsent(db: Kysely<Database>, row: NewVersionRow): Promise<boolean> {
  const result = await db
    .insertInto('questionnaire_versions')
    .values(row)
    .onConflict((oc) => oc.columns(['questionnaire_id', 'version']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Retires (`at` set) or restores (`at` null) a version; only a version in the other state changes, so
 * of two concurrent requests one does the change. Says whether this one did.
 */
export async function setRetired(db: Kysely<Database>, questionnaireId: string, version: string, at: string | null, by: string | null): Promise<boolean> {
  const result = await db
    .updateTable('questionnaire_versions')
    .set({ retired_at: at, retired_by: by, revision: sql<number>`revision + 1` })
    .where('questionnaire_id', '=', questionnaireId)
    .where('version', '=', version)
    .where('retired_at', at ? 'is' : 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Changes whenever a row is added or changed: the number of rows and the sum of their revisions. */
export async function versionsStamp(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('questionnaire_versions')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum<number>('revision').as('revisions')])
    .executeTakeFirstOrThrow();
  return `${Number(row.n)}:${Number(row.revisions ?? 0)}`;
}

/** How many assessments are on each questionnaire version, by `id@version`. */
export async function assessmentCountsByVersion(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('assessments')
    .select((eb) => ['questionnaire_id', 'questionnaire_version', eb.fn.countAll().as('n')])
    .groupBy(['questionnaire_id', 'questionnaire_version'])
    .execute();
  return new Map(rows.map((r) => [`${r.questionnaire_id}@${r.questionnaire_version}`, Number(r.n)]));
}

/** The names of the users who published or retired a version, by id. */
export async function publisherNames(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('questionnaire_versions').select('published_by').where('published_by', 'is not', null).$narrowType<{ published_by: string }>()),
        eb('id', 'in', eb.selectFrom('questionnaire_versions').select('retired_by').where('retired_by', 'is not', null).$narrowType<{ retired_by: string }>()),
      ]),
    )
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
