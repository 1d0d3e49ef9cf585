// Progress per section (dimension): how many of the questions currently shown have an answer or N/A.
import type { Answers } from '../domain/questionnaire/answers.js';
import type { Questionnaire } from '../domain/questionnaire/schema.js';
import { visibleQuestionIds } from '../domain/questionnaire/visibility.js';

export interface SectionProgress {
  dimensionId: string;
  answered: number;
  total: number;
}

export function sectionProgress(q: Questionnaire, answers: Answers): SectionProgress[] {
  const visible = visibleQuestionIds(q, answers);
  return q.dimensions.map((d) => {
    const ids = d.subDimensions.flatMap((s) => s.questions.map((x) => x.id)).filter((id) => visible.has(id));
    return { dimensionId: d.id, answered: ids.filter((id) => answers.has(id)).length, total: ids.length };
  });
}
