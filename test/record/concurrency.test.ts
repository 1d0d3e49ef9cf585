// Concurrent writes to one assessment take their locks in one order (the assessment row first), so
// they run one after another instead of deadlocking. Meaningful on PostgreSQL (npm run test:pg), where
// requests really run in parallel on a pool of connections; on SQLite it checks the same outcomes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAnswers } from '../../server/record/answers-repo.js';
import { loadScore } from '../../server/record/scores-repo.js';
import { scoreAssessment } from '../../server/domain/scoring/score.js';
import { createTestApp, csrfTokenIn, type TestApp } from '../helpers/app.js';
import { formTokensIn } from '../../scripts/lib/http-client.js';
import { review, submittedForReview, type ReviewSetup } from '../helpers/review.js';

let t: TestApp;
let s: ReviewSetup;
beforeAll(async () => {
  t = await createTestApp();
  s = await submittedForReview(t);
  expect((await review(s.consultant, s.id, 'request-changes', { note: '再确认一次' })).status).toBe(303);
});
afterAll(() => t.close());

describe('concurrent writes to one assessment', () => {
  it('answers 40 concurrent submit and save pairs without a server error, and the stored result sees every saved answer', async () => {
    const { org, consultant, id } = s;
    const path = `/assessments/${id}/sections/tech`;
    const token = csrfTokenIn((await org.get(path)).text);
    const statuses: number[] = [];
    for (let pair = 0; pair < 40; pair++) {
      const value = pair % 2 === 0 ? '1' : '0.5';
      const save = org
        .post(path)
        .type('form')
        .send({ _csrf: token, go: 'stay', shown: { 't-3': '1' }, a: { 't-3': value } });
      const overview = await org.get(`/assessments/${id}`);
      const submitting = org.post(`/assessments/${id}/submit`).type('form').send(Object.fromEntries(formTokensIn(overview.text, `/assessments/${id}/submit`)));
      const [saved, submitted] = await Promise.all([save, submitting]);
      statuses.push(saved.status, submitted.status);
      expect([303, 409]).toContain(saved.status);
      expect(submitted.status).toBe(303);
      expect((await review(consultant, id, 'request-changes', { note: `第 ${pair + 1} 次退回` })).status).toBe(303);
    }
    expect(statuses.filter((x) => x >= 500)).toEqual([]);
    const answers = await loadAnswers(t.ctx.db, id);
    const expected = scoreAssessment(t.ctx.catalog.get('mini', '1.0.0'), answers);
    expect((await loadScore(t.ctx.db, id))!.levelScores).toEqual(expected.levelScores);
  });
});
