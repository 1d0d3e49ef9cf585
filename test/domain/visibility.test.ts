import { describe, expect, it } from 'vitest';
import { visibleQuestionIds } from '../../server/domain/questionnaire/visibility.js';
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
});
