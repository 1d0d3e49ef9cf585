// Who answers which section: the org admin assigns each dimension of an assessment to a member who may
// answer (an org admin or a respondent); the overview shows progress per section and per person.
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import type { User } from '../db/schema.js';
import { statusesFor } from '../domain/policy.js';
import type { Answers } from '../domain/questionnaire/answers.js';
import { Invalid } from '../errors.js';
import { listMembers } from '../members/repo.js';
import { changeAssessment } from '../record/write-path.js';
import { authorize, type AssessmentAccess } from './access.js';
import { sectionAssignments, setSectionAssignee, type SectionAssignee } from './assignments-repo.js';
import { sectionProgress } from './progress.js';

/** Members a section can be assigned to: active org admins and respondents. */
export async function assignableMembers(ctx: AppContext, orgId: string) {
  return (await listMembers(ctx.db, orgId)).filter((m) => m.deactivatedAt === null && (m.role === 'org_admin' || m.role === 'respondent'));
}

/** Sets the assignee of each section in `wanted` (null: unassigned); writes only what changed. */
export async function assignSections(ctx: AppContext, user: User, access: AssessmentAccess, wanted: ReadonlyMap<string, string | null>): Promise<number> {
  authorize(access, 'assessment.assign');
  const dimensions = new Set(access.questionnaire.dimensions.map((d) => d.id));
  const allowed = new Set((await assignableMembers(ctx, access.org.id)).map((m) => m.userId));
  for (const [dimensionId, userId] of wanted) {
    if (!dimensions.has(dimensionId) || (userId !== null && !allowed.has(userId))) {
      throw new Invalid('errors.invalidInput', { [`assignee.${dimensionId}`]: 'errors.choose' });
    }
  }
  return changeAssessment(ctx.db, access.assessment.id, statusesFor('assessment.assign')!, async ({ trx, assessment }) => {
    const current = await sectionAssignments(trx, assessment.id);
    let changed = 0;
    for (const [dimensionId, userId] of wanted) {
      if ((current.get(dimensionId)?.userId ?? null) === userId) continue;
      await setSectionAssignee(trx, { assessmentId: assessment.id, dimensionId, userId, assignedBy: user.id });
      await recordAudit(trx, { actorId: user.id, orgId: access.org.id, assessmentId: assessment.id, action: 'assessment.section-assigned', detail: { section: dimensionId, to: userId } });
      changed++;
    }
    return changed;
  });
}

export interface PersonProgress {
  userId: string;
  name: string;
  sections: string[];
  answered: number;
  total: number;
  /** Answers this person changed last, in any section. */
  lastChanged: number;
}

/** Progress per assigned person: their sections' answered/total, and how many answers they changed last. */
export function personProgress(access: AssessmentAccess, assigned: Map<string, SectionAssignee>, answers: Answers, lastChangedBy: Map<string, number>): PersonProgress[] {
  const bySection = new Map(sectionProgress(access.questionnaire, answers).map((p) => [p.dimensionId, p]));
  const people = new Map<string, PersonProgress>();
  for (const d of access.questionnaire.dimensions) {
    const a = assigned.get(d.id);
    if (!a) continue;
    const person = people.get(a.userId) ?? { userId: a.userId, name: a.name, sections: [], answered: 0, total: 0, lastChanged: lastChangedBy.get(a.userId) ?? 0 };
    const p = bySection.get(d.id)!;
    person.sections.push(d.id);
    person.answered += p.answered;
    person.total += p.total;
    people.set(a.userId, person);
  }
  return [...people.values()];
}
