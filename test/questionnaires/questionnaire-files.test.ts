import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { questionnaireJsonSchema } from '../../server/domain/questionnaire/json-schema.js';
import { placedQuestions, testedLevels } from '../../server/domain/questionnaire/model.js';
import { checkQuestionnaireDir, loadQuestionnaireDir, QuestionnaireFileError } from '../../server/catalog/files.js';
import type { Questionnaire } from '../../server/domain/questionnaire/schema.js';
import { fixturesDir } from '../helpers/questionnaires.js';

const shippedDir = resolve(projectRoot, 'questionnaires');
const brokenDir = resolve(fixturesDir, 'broken-questionnaires');

describe('the shipped questionnaires', () => {
  const shipped = loadQuestionnaireDir(shippedDir);

  it('pass the schema and the content linter', () => {
    expect(checkQuestionnaireDir(shippedDir).bad).toEqual([]);
    expect(shipped.map((q) => `${q.id}@${q.version}`).sort()).toEqual([
      'ai-service-maturity@1.0.0',
      'ai-service-maturity@1.1.0',
      'enterprise-ai-maturity@1.0.0',
      'enterprise-ai-maturity@1.1.0',
    ]);
  });

  it('give every version of the enterprise questionnaire the eight dimensions of DESIGN.md with 100–150 questions', () => {
    const versions = shipped.filter((x) => x.id === 'enterprise-ai-maturity');
    expect(versions.length).toBeGreaterThanOrEqual(2);
    for (const q of versions) checkEnterprise(q);
  });

  function checkEnterprise(q: Questionnaire) {
    expect(q.dimensions.map((d) => d.title['zh-CN'])).toEqual([
      '战略与治理',
      '人才与文化',
      '数据',
      '算力平台与架构',
      '模型工程',
      '场景应用',
      '安全可信合规',
      '成效与改进',
    ]);
    const n = placedQuestions(q).length;
    expect(n).toBeGreaterThanOrEqual(100);
    expect(n).toBeLessThanOrEqual(150);
    for (const d of q.dimensions) expect(d.subDimensions.length).toBeGreaterThanOrEqual(2);
  }

  it('tell the service provider that a formal grade needs a third-party assessor', () => {
    const q = shipped.find((x) => x.id === 'ai-service-maturity')!;
    expect(q.notice?.['zh-CN']).toMatch(/第三方/);
    expect(q.notice?.en).toMatch(/third-party/i);
  });

  it('give every scored requirement guidance, evidence and a recommendation in both languages', () => {
    for (const q of shipped) {
      for (const { question } of placedQuestions(q)) {
        if (testedLevels(question).length === 0) continue;
        expect(question.guidance, question.id).toBeDefined();
        expect(question.recommendation, question.id).toBeDefined();
        if (question.type === 'conformance') expect(question.evidence.length, question.id).toBeGreaterThan(0);
      }
    }
  });
});

describe('a broken questionnaire file', () => {
  const { bad } = checkQuestionnaireDir(brokenDir);
  const problems = (file: string) => bad.find((b) => b.file === file)!.problems.map((p) => `${p.path}: ${p.message}`);

  it('is refused with the exact path of every schema error', () => {
    const list = problems('broken.yaml');
    expect(list).toEqual(
      expect.arrayContaining([
        'title.en: en text is required',
        expect.stringMatching(/^levels: .*5/),
        expect.stringMatching(/^dimensions\[0\]\.weight: weights must be positive/),
        expect.stringMatching(/^dimensions\[0\]\.subDimensions\[0\]\.questions\[0\]\.options: .*5/),
        expect.stringMatching(/^dimensions\[0\]\.subDimensions\[0\]\.questions\[1\]\.level: /),
        expect.stringMatching(/^dimensions\[0\]\.subDimensions\[0\]\.questions\[1\]\.text\.en: /),
      ]),
    );
  });

  it('is refused with the path of every content problem', () => {
    expect(problems('lint-errors.yaml')).toEqual(
      expect.arrayContaining([
        'dimensions[0].subDimensions[0].questions[2].id: duplicate id "q1" (first used at dimensions[0].subDimensions[0].questions[0])',
        'dimensions[0].subDimensions[0].questions[0].visibleWhen.question: refers to "q2", which is not an earlier question',
        'dimensions[0].subDimensions[0].questions[3].visibleWhen.question: refers to unknown question "nowhere"',
        'weightProfiles[0].weights.ghost: no dimension "ghost"',
        'dimensions[0]: dimension "d1" has 0 requirement(s) at level 4; at least 2 are needed',
      ]),
    );
  });

  it('stops start-up with the file name and each path', () => {
    expect(() => loadQuestionnaireDir(brokenDir)).toThrow(QuestionnaireFileError);
    expect(() => loadQuestionnaireDir(brokenDir)).toThrow(/broken\.yaml: dimensions\[0\]\.weight/);
  });
});

describe('the JSON Schema for questionnaire authors', () => {
  it('matches the zod schema (regenerate with npm run schema:questionnaire)', () => {
    const file = readFileSync(resolve(shippedDir, 'schema', 'questionnaire.schema.json'), 'utf8');
    expect(file).toBe(questionnaireJsonSchema());
  });
});
