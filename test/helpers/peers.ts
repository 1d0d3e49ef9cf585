// Peers for the benchmark: a finalized (or other) mini assessment of a new organization in an industry and
// size band, every conformance answer = value, its result stored as the app stores it.
import type { Answer } from '../../server/domain/questionnaire/answers.js';
import { placedQuestions } from '../../server/domain/questionnaire/model.js';
import { newId, nowIso } from '../../server/db/ids.js';
import type { Assessment, Organization } from '../../server/db/schema.js';
import { insertAssessment } from '../../server/record/assessments-repo.js';
import { insertOrganization } from '../../server/orgs/repo.js';
import { storeScore } from '../../server/record/scores-repo.js';
import type { TestApp } from './app.js';

export async function peerAssessment(t: TestApp, userId: string, industry: string, sizeBand: string, value: number, status: Assessment['status'] = 'finalized') {
  const q = t.ctx.catalog.get('mini', '1.0.0');
  const org = await insertOrganization(t.ctx.db, { name: `org ${newId()}`, industry, sizeBand });
  const now = nowIso();
  const assessment: Assessment = {
    id: newId(), org_id: org.id, questionnaire_id: 'mini', questionnaire_version: '1.0.0', weight_profile: null, title: 'peer',
    status, created_by: userId, created_at: now, updated_at: now, submitted_at: now, finalized_at: now, finalized_by: userId,
  };
  await insertAssessment(t.ctx.db, assessment);
  const answers = new Map<string, Answer>();
  for (const { question } of placedQuestions(q)) {
    if (question.type === 'conformance') answers.set(question.id, value);
    if (question.type === 'ladder') answers.set(question.id, value === 1 ? 5 : 1);
    if (question.type === 'yesno') answers.set(question.id, value === 1);
  }
  const result = await storeScore(t.ctx.db, q, assessment, answers);
  return { org: org as Organization, assessment, result };
}
