import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hiddenQuestionIds, visibleQuestionIds } from '../../server/domain/questionnaire/visibility.js';
import { loadQuestionnaireDir } from '../../server/catalog/files.js';
import { placedQuestions } from '../../server/domain/questionnaire/model.js';
import { answersOf, loadFixtureQuestionnaire } from '../helpers/questionnaires.js';

const mini = loadFixtureQuestionnaire('mini.yaml');

describe('skip logic', () => {
  it('hides a follow-up until the earlier answer matches', () => {
    expect(visibleQuestionIds(mini, answersOf({})).has('g-llm-eval')).toBe(false);
    expect(visibleQuestionIds(mini, answersOf({ 'g-llm': false })).has('g-llm-eval')).toBe(false);
    expect(visibleQuestionIds(mini, answersOf({ 'g-llm': true })).has('g-llm-eval')).toBe(true);
  });

  it('hides it when the earlier question is N/A', () => {
    expect(visibleQuestionIds(mini, answersOf({ 'g-llm': { na: true, reason: 'x' } })).has('g-llm-eval')).toBe(false);
  });

  it('shows every unconditional question', () => {
    const visible = visibleQuestionIds(mini, answersOf({}));
    expect(visible.has('g-1')).toBe(true);
    expect(visible.has('t-text')).toBe(true);
  });

  it('hides exactly the questions it does not show (the short way scoring asks), on the shipped questionnaires too', () => {
    const shipped = loadQuestionnaireDir('questionnaires');
    const answerSets = [
      answersOf({}),
      answersOf({ 'g-llm': true }),
      answersOf({ 'g-llm': { na: true, reason: 'x' } }),
      answersOf(JSON.parse(readFileSync('test/fixtures/enterprise-answers.json', 'utf8')).answers),
    ];
    for (const q of [mini, ...shipped])
      for (const answers of answerSets) {
        const visible = visibleQuestionIds(q, answers);
        const hidden = hiddenQuestionIds(q, answers);
        expect(placedQuestions(q).every(({ question }) => visible.has(question.id) !== hidden.has(question.id))).toBe(true);
      }
  });
});
