// The linter refuses skip logic that depends on a scored question (except the grandfathered
// published gates), and the schema and scoring agree on number bands.
import { describe, expect, it } from 'vitest';
import { requirementValue } from '../../server/domain/questionnaire/answers.js';
import { GRANDFATHERED_SCORED_GATES, lintQuestionnaire } from '../../server/domain/questionnaire/lint.js';
import { parseQuestionnaire } from '../../server/domain/questionnaire/parse.js';
import { Questionnaire, type QuestionnaireInput } from '../../server/domain/questionnaire/schema.js';
import { loadFixtureQuestionnaire } from '../helpers/questionnaires.js';

const t = (s: string) => ({ 'zh-CN': s, en: s });
const level = (k: number) => ({ level: k, name: t(`L${k}`), descriptor: t(`L${k}`) });
const conformance = (id: string, k: number, extra: object = {}) => ({ id, type: 'conformance', level: k, text: t(id), ...extra });

/** A one-dimension questionnaire with two requirements per level, plus `extra` questions first. */
function questionnaire(extra: object[], idVersion = { id: 'gate-test', version: '1.0.0' }): QuestionnaireInput {
  const base = [1, 2, 3, 4, 5].flatMap((k) => [conformance(`r${k}a`, k), conformance(`r${k}b`, k)]);
  return {
    ...idVersion,
    kind: 'enterprise',
    title: t('Gates'),
    description: t('Gates'),
    levels: [1, 2, 3, 4, 5].map(level),
    scoring: { method: 'level-threshold' },
    dimensions: [{ id: 'd', title: t('D'), weight: 1, subDimensions: [{ id: 's', title: t('S'), questions: [...extra, ...base] }] }],
  } as QuestionnaireInput;
}

const lint = (raw: QuestionnaireInput) => lintQuestionnaire(Questionnaire.parse(raw));
const gateProblems = (raw: QuestionnaireInput) => lint(raw).filter((p) => /scored question/.test(p.message));

describe('the linter on skip logic', () => {
  it('refuses a condition on a yes/no question, which is always scored, and says to gate on an unscored one', () => {
    const problems = gateProblems(
      questionnaire([
        { id: 'uses-llm', type: 'yesno', level: 2, text: t('LLM in production?') },
        conformance('llm-eval', 3, { visibleWhen: { question: 'uses-llm', equals: true } }),
      ]),
    );
    expect(problems).toEqual([
      {
        path: 'dimensions[0].subDimensions[0].questions[1].visibleWhen.question',
        message: expect.stringMatching(/^refers to "uses-llm", a scored question; gate on an unscored question instead/),
      },
    ]);
    expect(problems[0].message).toContain('does not apply');
  });

  it('refuses conditions on conformance, ladder, choice and banded number questions', () => {
    const gates = [
      conformance('c', 1),
      { id: 'l', type: 'ladder', text: t('l'), options: [1, 2, 3, 4, 5].map((k) => ({ level: k, label: t(`${k}`) })) },
      { id: 's1', type: 'single', level: 2, text: t('s1'), options: [{ value: 'a', label: t('a'), score: 0 }, { value: 'b', label: t('b'), score: 1 }] },
      { id: 'm', type: 'multiple', level: 2, text: t('m'), options: [{ value: 'a', label: t('a'), score: 0.5 }, { value: 'b', label: t('b'), score: 0.5 }] },
      { id: 'n', type: 'number', level: 4, text: t('n'), bands: [{ min: 0, score: 0 }, { min: 10, score: 1 }] },
    ];
    const gated = [
      conformance('after-c', 3, { visibleWhen: { question: 'c', atLeast: 0.5 } }),
      conformance('after-l', 3, { visibleWhen: { question: 'l', atLeast: 2 } }),
      conformance('after-s1', 3, { visibleWhen: { question: 's1', equals: 'b' } }),
      conformance('after-m', 3, { visibleWhen: { question: 'm', equals: 'a' } }),
      conformance('after-n', 3, { visibleWhen: { question: 'n', atLeast: 1 } }),
    ];
    const problems = gateProblems(questionnaire([...gates, ...gated]));
    expect(problems.map((p) => p.message.match(/^refers to "([^"]+)"/)![1])).toEqual(['c', 'l', 's1', 'm', 'n']);
  });

  it('accepts a condition on an unscored number (a count without bands)', () => {
    const raw = questionnaire([
      { id: 'llm-apps', type: 'number', min: 0, text: t('How many LLM applications run in production?') },
      conformance('llm-eval', 3, { visibleWhen: { question: 'llm-apps', atLeast: 1 } }),
    ]);
    expect(lint(raw)).toEqual([]);
    expect(parseQuestionnaire(raw).ok).toBe(true);
  });

  it('makes the loader refuse a new file that gates on a scored question', () => {
    const outcome = parseQuestionnaire(
      questionnaire([
        { id: 'uses-llm', type: 'yesno', level: 2, text: t('LLM in production?') },
        conformance('llm-eval', 3, { visibleWhen: { question: 'uses-llm', equals: true } }),
      ]),
    );
    expect(outcome.ok).toBe(false);
  });

  it('exempts only the listed gate of a grandfathered id@version, not other gates in it nor later versions', () => {
    expect(GRANDFATHERED_SCORED_GATES['enterprise-ai-maturity@1.0.0']).toEqual(['me-09']);
    const questions = [
      { id: 'me-09', type: 'yesno', level: 2, text: t('LLM in production?') },
      { id: 'other-gate', type: 'yesno', level: 2, text: t('Agents in production?') },
      conformance('after-me-09', 3, { visibleWhen: { question: 'me-09', equals: true } }),
      conformance('after-other', 3, { visibleWhen: { question: 'other-gate', equals: true } }),
    ];
    const published = gateProblems(questionnaire(questions, { id: 'enterprise-ai-maturity', version: '1.0.0' }));
    expect(published.map((p) => p.message.match(/^refers to "([^"]+)"/)![1])).toEqual(['other-gate']);
    const next = gateProblems(questionnaire(questions, { id: 'enterprise-ai-maturity', version: '1.1.0' }));
    expect(next.map((p) => p.message.match(/^refers to "([^"]+)"/)![1])).toEqual(['me-09', 'other-gate']);
  });

  it('still loads the grandfathered test fixture', () => {
    expect(loadFixtureQuestionnaire('mini.yaml').version).toBe('1.0.0');
  });
});

describe('number bands', () => {
  const numberQuestion = (bands: { min: number; score: number }[]) =>
    questionnaire([{ id: 'n', type: 'number', level: 4, text: t('Share of pilots in production (%)'), bands }]);
  const bandIssues = (bands: { min: number; score: number }[]) => {
    const parsed = Questionnaire.safeParse(numberQuestion(bands));
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts bands listed by rising min with scores that never fall', () => {
    expect(bandIssues([{ min: 0, score: 0 }, { min: 15, score: 0.5 }, { min: 30, score: 0.5 }, { min: 50, score: 1 }])).toEqual([]);
  });

  it('refuses bands out of order or with a repeated min', () => {
    expect(bandIssues([{ min: 30, score: 0 }, { min: 0, score: 0.5 }])).toEqual([
      'dimensions.0.subDimensions.0.questions.0.bands: bands must be listed by rising min, each min once',
    ]);
    expect(bandIssues([{ min: 0, score: 0 }, { min: 0, score: 1 }])).toEqual([
      'dimensions.0.subDimensions.0.questions.0.bands: bands must be listed by rising min, each min once',
    ]);
  });

  it('refuses a band that scores less than the one below it', () => {
    expect(bandIssues([{ min: 0, score: 0 }, { min: 20, score: 1 }, { min: 60, score: 0.5 }])).toEqual([
      'dimensions.0.subDimensions.0.questions.0.bands: band scores must not fall as min rises',
    ]);
  });

  it('scores the highest band whose min the value reaches, and 0 below the first band', () => {
    const q = Questionnaire.parse(numberQuestion([{ min: 10, score: 0.2 }, { min: 15, score: 0.5 }, { min: 30, score: 0.8 }, { min: 50, score: 1 }]));
    const n = q.dimensions[0].subDimensions[0].questions[0];
    expect([0, 9.9, 10, 14, 15, 29, 30, 49.5, 50, 400].map((v) => requirementValue(n, v, 4))).toEqual([0, 0, 0.2, 0.2, 0.5, 0.5, 0.8, 0.8, 1, 1]);
  });
});
