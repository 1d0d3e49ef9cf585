// Content rules a questionnaire must meet beyond its schema: unique ids, references that resolve,
// conditions on earlier, unscored questions only, and at least two requirements per level of every dimension.
import { isScored, placedQuestions, questionnaireKey, testedLevels } from './model.js';
import type { Questionnaire } from './schema.js';
import { isMatchable, optionValues } from './types/index.js';

export interface LintProblem {
  path: string;
  message: string;
}

const MIN_REQUIREMENTS_PER_LEVEL = 2;

/**
 * Gates on scored questions that predate the rule "gate on unscored questions only", by
 * questionnaire id@version and the gate question's id. Published versions never change (assessments
 * are pinned to them), so these must keep loading as they are; every other file, including any new
 * version of these questionnaires, is refused when it gates on a scored question.
 * - enterprise-ai-maturity@1.0.0 (me-09) and ai-service-maturity@1.0.0 (en-11): published before
 *   the rule; 1.1.0 of each gates on unscored counts instead.
 * - mini@1.0.0 (g-llm): the test fixture for skip logic; the expected figures of several tests
 *   (thin path, review, visibility, scoring properties) were computed with this scored gate.
 */
export const GRANDFATHERED_SCORED_GATES: Readonly<Record<string, readonly string[]>> = {
  'enterprise-ai-maturity@1.0.0': ['me-09'],
  'ai-service-maturity@1.0.0': ['en-11'],
  'mini@1.0.0': ['g-llm'],
};

export function lintQuestionnaire(q: Questionnaire): LintProblem[] {
  return [...duplicateIds(q), ...conditionProblems(q), ...weightProfileProblems(q), ...levelCoverage(q)];
}

function duplicateIds(q: Questionnaire): LintProblem[] {
  const problems: LintProblem[] = [];
  const seen = new Map<string, string>();
  const note = (id: string, path: string) => {
    const first = seen.get(id);
    if (first) problems.push({ path: `${path}.id`, message: `duplicate id "${id}" (first used at ${first})` });
    else seen.set(id, path);
  };
  q.dimensions.forEach((d, di) => {
    note(d.id, `dimensions[${di}]`);
    d.subDimensions.forEach((s, si) => {
      note(s.id, `dimensions[${di}].subDimensions[${si}]`);
      s.questions.forEach((question, qi) => {
        const path = `dimensions[${di}].subDimensions[${si}].questions[${qi}]`;
        note(question.id, path);
        const values = optionValues(question);
        const dup = values.find((v, i) => values.indexOf(v) !== i);
        if (dup) problems.push({ path: `${path}.options`, message: `duplicate option value "${dup}"` });
      });
    });
  });
  return problems;
}

function conditionProblems(q: Questionnaire): LintProblem[] {
  const problems: LintProblem[] = [];
  const placed = placedQuestions(q);
  // First occurrence wins, so a duplicated id cannot hide a forward reference.
  const byId = new Map<string, (typeof placed)[number]>();
  for (const p of placed) if (!byId.has(p.question.id)) byId.set(p.question.id, p);
  const grandfathered = GRANDFATHERED_SCORED_GATES[questionnaireKey(q)] ?? [];
  let position = -1;
  q.dimensions.forEach((d, di) =>
    d.subDimensions.forEach((s, si) =>
      s.questions.forEach((question, qi) => {
        position++;
        const cond = question.visibleWhen;
        if (!cond) return;
        const path = `dimensions[${di}].subDimensions[${si}].questions[${qi}].visibleWhen.question`;
        const target = byId.get(cond.question);
        if (!target) problems.push({ path, message: `refers to unknown question "${cond.question}"` });
        else if (target.index >= position)
          problems.push({ path, message: `refers to "${cond.question}", which is not an earlier question` });
        else if (!isMatchable(target.question))
          problems.push({ path, message: `refers to "${cond.question}", a text question that cannot be matched` });
        else if (isScored(target.question) && !grandfathered.includes(cond.question))
          problems.push({
            path,
            message: `refers to "${cond.question}", a scored question; gate on an unscored question instead (a number without bands), so that "does not apply" never scores better than a weak answer`,
          });
      }),
    ),
  );
  return problems;
}

function weightProfileProblems(q: Questionnaire): LintProblem[] {
  const problems: LintProblem[] = [];
  const dimensionIds = new Set(q.dimensions.map((d) => d.id));
  const profileIds = new Set<string>();
  q.weightProfiles.forEach((p, pi) => {
    if (profileIds.has(p.id)) problems.push({ path: `weightProfiles[${pi}].id`, message: `duplicate profile "${p.id}"` });
    profileIds.add(p.id);
    for (const key of Object.keys(p.weights)) {
      if (!dimensionIds.has(key))
        problems.push({ path: `weightProfiles[${pi}].weights.${key}`, message: `no dimension "${key}"` });
    }
    for (const id of dimensionIds) {
      if (!(id in p.weights))
        problems.push({ path: `weightProfiles[${pi}].weights`, message: `missing a weight for dimension "${id}"` });
    }
  });
  return problems;
}

function levelCoverage(q: Questionnaire): LintProblem[] {
  const problems: LintProblem[] = [];
  q.dimensions.forEach((d, di) => {
    const counts = [0, 0, 0, 0, 0];
    for (const s of d.subDimensions) for (const question of s.questions) for (const k of testedLevels(question)) counts[k - 1]++;
    counts.forEach((n, i) => {
      if (n < MIN_REQUIREMENTS_PER_LEVEL)
        problems.push({
          path: `dimensions[${di}]`,
          message: `dimension "${d.id}" has ${n} requirement(s) at level ${i + 1}; at least ${MIN_REQUIREMENTS_PER_LEVEL} are needed`,
        });
    });
  });
  return problems;
}
