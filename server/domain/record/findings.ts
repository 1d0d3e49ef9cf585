// What a result says in words, decided here once from the effective answers and the stored result,
// so the page, the PDF and the exports name the same strengths, gaps and next steps.
import type { Answers } from '../questionnaire/answers.js';
import type { Questionnaire } from '../questionnaire/schema.js';
import { testedLevels } from '../questionnaire/model.js';
import { isGraded } from '../questionnaire/types/index.js';
import { visibleQuestionIds } from '../questionnaire/visibility.js';
import type { ScoreResult } from '../scoring/score.js';

export interface DimensionFindings {
  /** Up to three conformance requirements fully met, in questionnaire order. */
  strengths: string[];
  /** Up to three answered requirements at or just above the dimension's level that are mostly unmet. */
  gaps: string[];
}

export interface Findings {
  dimensions: Record<string, DimensionFindings>;
  /** Ids of the strongest and the weakest two dimensions (by dimension score). */
  strongest: string[];
  weakest: string[];
  /** Three steps that move the organization up: the plan's largest gains, topped up from the next ones. */
  steps: string[];
}

const LISTED = 3;

export function findingsOf(q: Questionnaire, effective: Answers, result: ScoreResult): Findings {
  const visible = visibleQuestionIds(q, effective);
  const dimensions: Record<string, DimensionFindings> = {};
  for (const d of result.dimensions) {
    const def = q.dimensions.find((x) => x.id === d.id)!;
    const graded = def.subDimensions.flatMap((s) => s.questions).filter((x) => visible.has(x.id) && isGraded(x));
    const value = (id: string) => effective.get(id);
    dimensions[d.id] = {
      strengths: graded.filter((x) => value(x.id) === 1).slice(0, LISTED).map((x) => x.id),
      gaps: graded
        .filter((x) => testedLevels(x).some((level) => level <= d.level + 1) && (value(x.id) === 0 || value(x.id) === 0.5))
        .slice(0, LISTED)
        .map((x) => x.id),
    };
  }
  const ranked = [...result.dimensions].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  const steps = [...(result.gap?.plan ?? []), ...(result.gap?.further ?? [])].slice(0, LISTED).map((p) => p.questionId);
  return {
    dimensions,
    strongest: ranked.slice(0, 2).map((d) => d.id),
    weakest: ranked.slice(-2).reverse().map((d) => d.id),
    steps,
  };
}
