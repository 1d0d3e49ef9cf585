// Read-only helpers over a parsed questionnaire: walking its questions in order and telling
// which questions are scored requirements.
import type { Dimension, Question, Questionnaire, SubDimension } from './schema.js';
import { levelsTested, scored } from './types/index.js';

export interface PlacedQuestion {
  question: Question;
  dimension: Dimension;
  subDimension: SubDimension;
  /** Position in questionnaire order, 0-based. */
  index: number;
}

/** Every question in file order, with the dimension and sub-dimension it sits in. */
export function placedQuestions(q: Questionnaire): PlacedQuestion[] {
  const placed: PlacedQuestion[] = [];
  for (const dimension of q.dimensions) {
    for (const subDimension of dimension.subDimensions) {
      for (const question of subDimension.questions) {
        placed.push({ question, dimension, subDimension, index: placed.length });
      }
    }
  }
  return placed;
}

export function questionIndex(q: Questionnaire): Map<string, PlacedQuestion> {
  return new Map(placedQuestions(q).map((p) => [p.question.id, p]));
}

/** A scored question contributes requirements to the level scores; text and band-less numbers do not. */
export function isScored(question: Question): boolean {
  return scored(question);
}

/** The levels a question tests: a ladder tests all five, other scored questions their own level. */
export function testedLevels(question: Question): number[] {
  return levelsTested(question);
}

/** The weight profile's dimension weights, or each dimension's own weight. */
export function dimensionWeights(q: Questionnaire, profileId?: string): Map<string, number> {
  const profile = profileId ? q.weightProfiles.find((p) => p.id === profileId) : undefined;
  return new Map(q.dimensions.map((d) => [d.id, profile?.weights[d.id] ?? d.weight]));
}

export function questionnaireKey(q: { id: string; version: string }): string {
  return `${q.id}@${q.version}`;
}
