import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../server/domain/questionnaire/answers.js';
import { placedQuestions } from '../../server/domain/questionnaire/model.js';
import { benchmark, percentileRank } from '../../server/domain/scoring/benchmark.js';
import type { Assessment } from '../../server/db/schema.js';
import { insertUser } from '../../server/auth/users-repo.js';
import { peerScores } from '../../server/record/benchmark-repo.js';
import { benchmarkAgainst, peerScoresOf } from '../../server/domain/scoring/benchmark.js';
import { loadScore, storeScore } from '../../server/record/scores-repo.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { peerAssessment } from '../helpers/peers.js';

let t: TestApp;
let userId: string;
beforeAll(async () => {
  t = await createTestApp();
  userId = (await insertUser(t.ctx.db, { email: 'peer@example.com', name: 'Peer', passwordHash: 'x' })).id;
});
afterAll(() => t.close());

const assessmentFor = (industry: string, sizeBand: string, value: number, status: Assessment['status'] = 'finalized') =>
  peerAssessment(t, userId, industry, sizeBand, value, status);

describe('peer benchmark', () => {
  it('ranks with ties counted half', () => {
    expect(percentileRank(3, [1, 2, 3, 4])).toBe(63);
    expect(percentileRank(5, [1, 2, 3, 4])).toBe(100);
    expect(benchmark(1, [1, 2, 3, 4])).toEqual({ shown: false, peers: 4, reason: 'too-few-peers' });
  });

  it('hides the benchmark below 5 peers and shows percentiles from 5, counting only finalized peers of the same version, industry and size', async () => {
    const me = await assessmentFor('energy', 'large', 0.8);
    for (const v of [0, 0.5, 0.5, 1]) await assessmentFor('energy', 'large', v);
    await assessmentFor('energy', 'small', 0);
    await assessmentFor('finance', 'large', 0);
    await assessmentFor('energy', 'large', 0, 'submitted');

    const fourPeers = benchmarkAgainst(me.result, await peerScores(t.ctx.db, me.assessment, me.org));
    expect(fourPeers.overall).toEqual({ shown: false, peers: 4, reason: 'too-few-peers' });

    await assessmentFor('energy', 'large', 0);
    const fivePeers = benchmarkAgainst(me.result, await peerScores(t.ctx.db, me.assessment, me.org));
    expect(fivePeers.overall.shown).toBe(true);
    expect(fivePeers.overall.peers).toBe(5);
    // Peers scored with 0, 0, 0.5, 0.5 below and 1 above: 4 of 5 below → 80th percentile.
    expect(fivePeers.overall).toMatchObject({ percentile: 80 });
    expect(fivePeers.dimensions.gov.shown).toBe(true);

    // Read from the columns, the same figures as in the peers' stored results.
    const fromColumns = await peerScores(t.ctx.db, me.assessment, me.org);
    const peerIds = (await t.ctx.db.selectFrom('assessments').innerJoin('organizations', 'organizations.id', 'assessments.org_id')
      .select('assessments.id').where('status', '=', 'finalized').where('industry', '=', 'energy').where('size_band', '=', 'large').where('assessments.id', '!=', me.assessment.id).execute()).map((r) => r.id);
    const results = await Promise.all(peerIds.map(async (id) => (await loadScore(t.ctx.db, id))!));
    const fromJson = peerScoresOf(results);
    const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
    expect(sorted(fromColumns.overall)).toEqual(sorted(fromJson.overall));
    expect(Object.keys(fromColumns.dimensions).sort()).toEqual(Object.keys(fromJson.dimensions).sort());
    for (const [id, scores] of Object.entries(fromJson.dimensions)) expect(sorted(fromColumns.dimensions[id])).toEqual(sorted(scores));
  });

  it('keeps the dimension rows equal to the stored result as it changes, writing only the rows that changed', async () => {
    const { assessment } = await assessmentFor('energy', 'medium', 0, 'draft');
    const q = t.ctx.catalog.get('mini', '1.0.0');
    const rows = () => t.ctx.db.selectFrom('dimension_scores').select(['dimension_id', 'level', 'score']).where('assessment_id', '=', assessment.id).orderBy('dimension_id').execute();
    const before = await rows();
    expect(before.map((r) => r.dimension_id)).toEqual(q.dimensions.map((d) => d.id).sort());
    const answers = new Map<string, Answer>();
    for (const { question } of placedQuestions(q)) {
      if (question.type === 'conformance') answers.set(question.id, 1);
      if (question.type === 'ladder') answers.set(question.id, 5);
      if (question.type === 'yesno') answers.set(question.id, true);
    }
    const result = await storeScore(t.ctx.db, q, assessment, answers);
    const after = await rows();
    for (const d of result.dimensions) expect(after.find((r) => r.dimension_id === d.id)).toEqual({ dimension_id: d.id, level: d.level, score: d.score });
    expect(after).not.toEqual(before);
  });
});
