// Data access for section assignments: which member answers which dimension of an assessment.
import type { Kysely } from 'kysely';
import { nowIso } from '../db/ids.js';
import type { Database } from '../db/schema.js';

export interface SectionAssignee {
  dimensionId: string;
  userId: string;
  name: string;
  email: string;
}

/** Every assigned section of an assessment, with its assignee. */
export async function sectionAssignments(db: Kysely<Database>, assessmentId: string): Promise<Map<string, SectionAssignee>> {
  const rows = await db
    .selectFrom('section_assignments')
    .innerJoin('users', 'users.id', 'section_assignments.user_id')
    .select(['section_assignments.dimension_id', 'users.id', 'users.name', 'users.email'])
    .where('section_assignments.assessment_id', '=', assessmentId)
    .execute();
  return new Map(rows.map((r) => [r.dimension_id, { dimensionId: r.dimension_id, userId: r.id, name: r.name, email: r.email }]));
}

/** Assigns a section to a member, or (userId null) leaves it unassigned. */
export async function setSectionAssignee(
  db: Kysely<Database>,
  input: { assessmentId: string; dimensionId: string; userId: string | null; assignedBy: string },
): Promise<void> {
  await db.deleteFrom('section_assignments').where('assessment_id', '=', input.assessmentId).where('dimension_id', '=', input.dimensionId).execute();
  if (input.userId === null) return;
  await db
    .insertInto('section_assignments')
    .values({ assessment_id: input.assessmentId, dimension_id: input.dimensionId, user_id: input.userId, assigned_by: input.assignedBy, assigned_at: nowIso() })
    .execute();
}

/** How many of the assessment's answers each person changed last. */
export async function lastChangedCounts(db: Kysely<Database>, assessmentId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('answers')
    .select(['updated_by', (eb) => eb.fn.countAll().as('n')])
    .where('assessment_id', '=', assessmentId)
    // A cleared answer keeps its row with both values null: it is not an answer.
    .where((eb) => eb.or([eb('value_json', 'is not', null), eb('na_reason', 'is not', null)]))
    .groupBy('updated_by')
    .execute();
  return new Map(rows.map((r) => [r.updated_by, Number(r.n)]));
}
