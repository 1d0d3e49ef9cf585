import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../server/domain/questionnaire/answers.js';
import { isScored, placedQuestions, testedLevels } from '../../server/domain/questionnaire/model.js';
import type { Questionnaire } from '../../server/domain/questionnaire/schema.js';
import { scoreAssessment } from '../../server/domain/scoring/score.js';
import { loadFixtureQuestionnaire } from '../helpers/questionnaires.js';

const worked = loadFixtureQuestionnaire('worked-example.yaml');
const requirementCount = (q: Questionnaire) => placedQuestions(q).filter((p) => isScored(p.question)).reduce((n, p) => n + testedLevels(p.question).length, 0);
const ids = placedQuestions(worked).map((p) => p.question.id);
const grade = fc.constantFrom(0, 0.5, 0.8, 1);
const answersArb = fc.array(grade, { minLength: ids.length, maxLength: ids.length });
const toMap = (values: number[]) => new Map<string, Answer>(ids.map((id, i) => [id, values[i]]));

function allAnswers(q: Questionnaire, conformance: number, ladder: number): Map<string, Answer> {
  const answers = new Map<string, Answer>();
  for (const { question } of placedQuestions(q)) {
    if (question.type === 'conformance') answers.set(question.id, conformance);
    if (question.type === 'ladder') answers.set(question.id, ladder);
    if (question.type === 'yesno') answers.set(question.id, conformance === 1);
    if (question.type === 'single') answers.set(question.id, conformance === 1 ? question.options.find((o) => o.score === 1)!.value : question.options.find((o) => o.score === 0)!.value);
    if (question.type === 'multiple') answers.set(question.id, conformance === 1 ? question.options.map((o) => o.value) : []);
    if (question.type === 'number' && question.bands) answers.set(question.id, conformance === 1 ? 1e6 : -1e6);
  }
  return answers;
}

describe('scoring properties', () => {
  it('keeps every score in range', () => {
    fc.assert(
      fc.property(answersArb, (values) => {
        const r = scoreAssessment(worked, toMap(values));
        for (const t of r.levelScores) expect(t === null || (t >= 0 && t <= 1)).toBe(true);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(5);
        expect(r.level).toBeGreaterThanOrEqual(0);
        expect(r.level).toBeLessThanOrEqual(5);
        for (const d of r.dimensions) expect(d.score).toBeLessThanOrEqual(5);
      }),
    );
  });

  it('never lowers S when any one answer is raised', () => {
    fc.assert(
      fc.property(answersArb, fc.nat({ max: ids.length - 1 }), grade, (values, index, raised) => {
        fc.pre(raised > values[index]);
        const before = scoreAssessment(worked, toMap(values)).score!;
        const higher = [...values];
        higher[index] = raised;
        expect(scoreAssessment(worked, toMap(higher)).score!).toBeGreaterThanOrEqual(before - 1e-9);
      }),
    );
  });

  it('leaves the other dimensions unchanged when a whole dimension is N/A', () => {
    fc.assert(
      fc.property(answersArb, fc.constantFrom(...worked.dimensions.map((d) => d.id)), (values, dimId) => {
        const answers = toMap(values);
        const before = scoreAssessment(worked, answers);
        const dimension = worked.dimensions.find((d) => d.id === dimId)!;
        for (const s of dimension.subDimensions) for (const q of s.questions) answers.set(q.id, { na: true, reason: 'not in scope' });
        const after = scoreAssessment(worked, answers);
        for (const d of before.dimensions.filter((x) => x.id !== dimId)) {
          expect(after.dimensions.find((x) => x.id === d.id)).toEqual(d);
        }
        expect(after.dimensions.find((x) => x.id === dimId)!.levelScores).toEqual([null, null, null, null, null]);
      }),
    );
  });

  it.each(['worked-example.yaml', 'mini.yaml'])('gives level 5 and S = 5 when everything is met, level 0 when nothing is (%s)', (file) => {
    const q = loadFixtureQuestionnaire(file);
    const top = scoreAssessment(q, allAnswers(q, 1, 5));
    expect(top.level).toBe(5);
    expect(top.score).toBe(5);
    expect(top.band).toBe(5);
    expect(top.gap).toBeNull();
    const bottom = scoreAssessment(q, allAnswers(q, 0, 0));
    expect(bottom.level).toBe(0);
    expect(bottom.score).toBe(0);
    expect(bottom.band).toBe(0);
  });
});

describe('scoring rules beyond the worked example', () => {
  const mini = loadFixtureQuestionnaire('mini.yaml');

  it('says "insufficient data" below 80% answered, and gives no level', () => {
    const r = scoreAssessment(mini, new Map<string, Answer>([['g-1', 1], ['t-1', 1]]));
    expect(r.status).toBe('insufficient-data');
    expect(r.level).toBeNull();
    expect(r.score).toBeNull();
  });

  it('expands a level-ladder answer L into requirements met up to L', () => {
    const answers = allAnswers(mini, 0, 3);
    const r = scoreAssessment(mini, answers);
    const gov = r.dimensions.find((d) => d.id === 'gov')!;
    // gov.strategy at L1: ladder 1, g-1 0 → 0.5; at L4: ladder 0, g-4 0 → 0.
    expect(gov.levelScores[0]).toBe(0.5);
    expect(gov.levelScores[3]).toBe(0);
  });

  it('counts a hidden question as not asked, not as 0', () => {
    const answers = allAnswers(mini, 1, 5);
    answers.set('g-llm', false);
    answers.delete('g-llm-eval');
    const r = scoreAssessment(mini, answers);
    // g-llm (L3) = 0 now, g-llm-eval hidden: gov L3 = mean(ladder 1, g-llm 0) = 0.5, not (1 + 0 + 0) / 3.
    expect(r.dimensions.find((d) => d.id === 'gov')!.levelScores[2]).toBe(0.5);
    // Counted in requirements (the ladder is five), less the one left out.
    expect(r.applicableCount).toBe(requirementCount(mini) - 1);
  });

  it('applies weight profiles to the dimensions', () => {
    const answers = allAnswers(mini, 1, 5);
    for (const s of mini.dimensions[1].subDimensions) for (const q of s.questions) if (q.type === 'conformance') answers.set(q.id, 0);
    const general = scoreAssessment(mini, answers, { weightProfile: 'general' });
    const tech = scoreAssessment(mini, answers, { weightProfile: 'tech-heavy' });
    expect(general.levelScores[0]).not.toBe(tech.levelScores[0]);
    expect(tech.levelScores[0]!).toBeLessThan(general.levelScores[0]!);
  });

  it('leaves N/A out of the averages and renormalises the weights', () => {
    const answers = allAnswers(mini, 1, 5);
    answers.set('g-4', { na: true, reason: '没有独立的人工智能预算' });
    const r = scoreAssessment(mini, answers);
    expect(r.levelScores[3]).toBe(1);
    // Counted in requirements (the ladder is five), less the one left out.
    expect(r.applicableCount).toBe(requirementCount(mini) - 1);
  });
});
