import { describe, expect, it } from 'vitest';
import { multiple } from '../../server/domain/questionnaire/types/multiple.js';
import { numberQuestion } from '../../server/domain/questionnaire/types/number.js';
import { scoreAssessment } from '../../server/domain/scoring/score.js';
import { formatGap, formatNumber } from '../../server/i18n.js';
import { loadFixtureQuestionnaire } from '../helpers/questionnaires.js';

describe('figures that never contradict the level', () => {
  it('truncates rather than rounds at the shown precision', () => {
    expect(formatNumber(2.7958, 'en')).toBe('2.79');
    expect(formatNumber(0.7996, 'zh-CN')).toBe('0.79');
    expect(formatNumber(2.47, 'en')).toBe('2.47');
    expect(formatNumber(0.8, 'en')).toBe('0.80');
    expect(formatNumber(0.825, 'en', 3)).toBe('0.825');
  });

  it('says "< 0.01" for a gap too small to show', () => {
    expect(formatGap(0.0004, 'en')).toBe('< 0.01');
    expect(formatGap(0, 'en')).toBe('0.00');
    expect(formatGap(0.33, 'en')).toBe('0.33');
  });

  it('counts ten ticked options of 0.1 as fully met', () => {
    const question = {
      id: 'm', type: 'multiple' as const, level: 1, text: { 'zh-CN': 'x', en: 'x' }, evidence: [], weight: 1, naAllowed: false,
      options: Array.from({ length: 10 }, (_, i) => ({ value: `o${i}`, label: { 'zh-CN': `${i}`, en: `${i}` }, score: 0.1 })),
    };
    expect(multiple.requirementValue(question, question.options.map((o) => o.value))).toBe(1);
  });

  it('counts the 80% rule in requirements: a ladder question is five', () => {
    const mini = loadFixtureQuestionnaire('mini.yaml');
    const onlyLadder = scoreAssessment(mini, new Map([['g-ladder', 3]]));
    expect(onlyLadder.answeredCount).toBe(5);
    expect(onlyLadder.unanswered).not.toContain('g-ladder');
  });
});

describe('numbers as people type them', () => {
  const question = { id: 'n', type: 'number' as const, text: { 'zh-CN': 'x', en: 'x' }, evidence: [], weight: 1, naAllowed: false };
  const percent = { ...question, unit: { 'zh-CN': '%', en: '%' } };
  const value = (q: typeof question, raw: unknown) => {
    const r = numberQuestion.parse(q, raw);
    return r.ok ? r.value : r.key;
  };

  it('accepts full-width digits from a Chinese keyboard and a trailing % for percentages', () => {
    expect(value(question, '１６')).toBe(16);
    expect(value(question, '－３．５')).toBe(-3.5);
    expect(value(percent, '35%')).toBe(35);
    expect(value(percent, '３５％')).toBe(35);
  });

  it('refuses hex, exponents and text after the number, and says why', () => {
    expect(value(question, '0x10')).toBe('number');
    expect(value(question, '1e3')).toBe('number');
    expect(value(question, '12 台')).toBe('number');
    expect(value(question, '35%')).toBe('number');
    expect(value(percent, 'abc')).toBe('percent');
  });
});

describe('times', () => {
  it('are shown in the deployment time zone with its offset named', async () => {
    const { formatDateTime } = await import('../../server/i18n.js');
    expect(formatDateTime('2026-11-30T17:58:00.000Z', 'zh-CN')).toBe('2026年12月1日 01:58 GMT+8');
    expect(formatDateTime('2026-11-30T17:58:00.000Z', 'en', 'Europe/Berlin')).toMatch(/^Nov 30, 2026, 6:58\sPM GMT\+1$/);
  });

  it('refuse an unknown time zone at start-up', async () => {
    const { readConfig } = await import('../../server/config.js');
    expect(() => readConfig({ TIME_ZONE: 'Mars/Olympus' })).toThrow(/TIME_ZONE.*not a time zone/s);
    expect(readConfig({}).timeZone).toBe('Asia/Shanghai');
  });
});
