import { describe, expect, it } from 'vitest';
import { scoreAssessment, bandOf } from '../../server/domain/scoring/score.js';
import { answersOf, loadFixtureQuestionnaire, workedExampleAnswers } from '../helpers/questionnaires.js';

const q = loadFixtureQuestionnaire('worked-example.yaml');

describe('scoring: the worked example of DESIGN.md', () => {
  const result = scoreAssessment(q, answersOf(workedExampleAnswers()));

  it('computes the level scores T(1..3)', () => {
    expect(result.levelScores.slice(0, 3)).toEqual([0.9167, 0.825, 0.47]);
    expect(result.levelScores.slice(3)).toEqual([0, 0]);
  });

  it('reaches level 2 with S = 2.47 in band 2', () => {
    expect(result.status).toBe('ok');
    expect(result.level).toBe(2);
    expect(result.score).toBe(2.47);
    expect(result.band).toBe(2);
  });

  it('needs 0.33 to reach level 3 and plans the fewest requirements that cover it', () => {
    expect(result.gap?.targetLevel).toBe(3);
    expect(result.gap?.delta).toBe(0.33);
    const plan = result.gap!.plan;
    const gains = plan.map((p) => p.gain);
    expect(gains).toEqual([...gains].sort((a, b) => b - a));
    expect(gains.reduce((s, g) => s + g, 0)).toBeGreaterThanOrEqual(0.33 - 1e-4);
    expect(gains.slice(0, -1).reduce((s, g) => s + g, 0)).toBeLessThan(0.33);
    // A-L3-2 (answer 0, share 0.15) has the largest gain.
    expect(plan[0]).toMatchObject({ questionId: 'A-L3-2', gain: 0.15 });
    // What comes after the plan gains no more than the plan's smallest step.
    const further = result.gap!.further;
    expect(further.length).toBeGreaterThan(0);
    expect(further.every((f) => f.gain <= gains.at(-1)! && !plan.some((p) => p.questionId === f.questionId))).toBe(true);
  });
});

describe('bands', () => {
  it('maps S to bands at 0.8, 1.8, … 4.8', () => {
    expect([0.79, 0.8, 1.79, 1.8, 2.47, 4.8, 5].map((s) => bandOf(s))).toEqual([0, 1, 1, 2, 2, 5, 5]);
  });
});
