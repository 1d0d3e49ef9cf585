// The maturity scoring method of DESIGN.md (after GB/T 39117-2020), as a pure function of a
// questionnaire and its answers: level scores T(1..5), achieved level n, composite score
// S = n + T(n+1), band, per-dimension levels, and the gap plan to the next level.
import { isNotApplicable, requirementValue, type Answers } from '../questionnaire/answers.js';
import { dimensionWeights, isScored, placedQuestions, testedLevels, type PlacedQuestion } from '../questionnaire/model.js';
import type { Questionnaire } from '../questionnaire/schema.js';
import { hiddenQuestionIds } from '../questionnaire/visibility.js';

const LEVELS = [1, 2, 3, 4, 5] as const;
const EPSILON = 1e-9;

/** One scored requirement: a question at one level, with its answer value (0 when unanswered). */
export interface Requirement {
  questionId: string;
  dimensionId: string;
  subDimensionId: string;
  level: number;
  weight: number;
  value: number;
  answered: boolean;
}

export interface GapItem {
  questionId: string;
  dimensionId: string;
  level: number;
  value: number;
  /** How much meeting this requirement fully would raise T(target level). */
  gain: number;
}

export interface Gap {
  targetLevel: number;
  delta: number;
  /** The fewest unmet requirements whose gains cover delta, largest gain first. */
  plan: GapItem[];
  /** The next unmet requirements after the plan, largest gain first (a few, for "three steps"). */
  further: GapItem[];
}

export interface DimensionResult {
  id: string;
  weight: number;
  levelScores: (number | null)[];
  level: number;
  score: number;
}

export interface ScoreResult {
  status: 'ok' | 'insufficient-data';
  weightProfile: string | null;
  /** Applicable requirements answered, and in all (a ladder question is five requirements). */
  answeredCount: number;
  applicableCount: number;
  answeredShare: number;
  /** Applicable scored questions without an answer, in questionnaire order: "to answer", never in the plan. */
  unanswered: string[];
  levelScores: (number | null)[];
  /** Achieved level n, score S and band; null when there is too little data to say. */
  level: number | null;
  score: number | null;
  band: number | null;
  /** The same figures computed regardless of the data threshold, for drafts in progress. */
  provisional: { level: number; score: number; band: number };
  dimensions: DimensionResult[];
  gap: Gap | null;
}

export interface ScoreOptions {
  weightProfile?: string;
}

const reached = (t: number | null, threshold: number) => t !== null && t >= threshold - EPSILON;

/** n: the highest level k with T(1)..T(k) all at or above the threshold. */
function achievedLevel(levelScores: (number | null)[], threshold: number): number {
  let n = 0;
  while (n < 5 && reached(levelScores[n], threshold)) n++;
  return n;
}

/** S = n + T(n+1); S = 5 at n = 5. */
function compositeScore(levelScores: (number | null)[], n: number): number {
  return n === 5 ? 5 : n + (levelScores[n] ?? 0);
}

/** Band 1..5 from S (一级 0.8 ≤ S < 1.8 … 五级 4.8 ≤ S ≤ 5); 0 below 0.8. */
export function bandOf(score: number, threshold = 0.8): number {
  if (score < threshold - EPSILON) return 0;
  return Math.min(5, Math.floor(score - threshold + 1 + EPSILON));
}

const ROUNDING = 10 ** 4;

function round(x: number): number {
  return Math.round((x + Number.EPSILON) * ROUNDING) / ROUNDING;
}

/** A scored question: where it sits (its sub-dimension's cell) and the levels it tests. */
interface ScoredQuestion {
  question: PlacedQuestion['question'];
  dimensionId: string;
  subDimensionId: string;
  levels: number[];
  cell: number;
}

/**
 * What scoring needs of a questionnaire that does not depend on the answers, worked out once per
 * questionnaire: the scored questions in questionnaire order, and the sub-dimensions as cells numbered in
 * questionnaire order (cellWeight gives a cell's weight, dimCells a dimension's cells); entries[level - 1][cell]
 * are the scored questions that test that level there, in questionnaire order. The answers only decide which
 * of them apply and what they are worth.
 */
interface ScoringIndex {
  scored: ScoredQuestion[];
  cellWeight: number[];
  dimCells: number[][];
  entries: number[][][];
}

const indexes = new WeakMap<Questionnaire, ScoringIndex>();

function scoringIndex(q: Questionnaire): ScoringIndex {
  let index = indexes.get(q);
  if (!index) {
    const scored: ScoredQuestion[] = [];
    const cellWeight: number[] = [];
    const dimCells: number[][] = [];
    const byCell: number[][] = [];
    for (const d of q.dimensions) {
      const cells: number[] = [];
      for (const s of d.subDimensions) {
        const cell = cellWeight.length;
        cells.push(cell);
        cellWeight.push(s.weight);
        byCell.push([]);
        for (const question of s.questions) {
          if (!isScored(question)) continue;
          byCell[cell].push(scored.length);
          scored.push({ question, dimensionId: d.id, subDimensionId: s.id, levels: testedLevels(question), cell });
        }
      }
      dimCells.push(cells);
    }
    const entries = LEVELS.map((level) => byCell.map((list) => list.filter((i) => scored[i].levels.includes(level))));
    index = { scored, cellWeight, dimCells, entries };
    indexes.set(q, index);
  }
  return index;
}

const NOT_APPLICABLE = 0;
const UNANSWERED = 1;
const ANSWERED = 2;

/**
 * The answers laid over the index: which scored questions apply (visible, not N/A) and which are answered,
 * each requirement's value, and per level and cell the count, total weight and weighted value of its
 * applicable requirements, summed in questionnaire order; the counts for the data threshold (in requirements,
 * so a ladder counts five times) and the questions still to answer, in order.
 */
interface Applicable {
  /** Per scored question: NOT_APPLICABLE, UNANSWERED or ANSWERED. */
  state: number[];
  /** value[i * 5 + level - 1]: the requirement's value (0 when unanswered). */
  value: number[];
  /** [(level - 1) * cells + cell] */
  count: number[];
  weight: number[];
  weighted: number[];
  applicableCount: number;
  answeredCount: number;
  unanswered: string[];
}

function applicable(index: ScoringIndex, q: Questionnaire, answers: Answers): Applicable {
  const hidden = hiddenQuestionIds(q, answers);
  const { scored } = index;
  const cells = index.cellWeight.length;
  const state: number[] = new Array<number>(scored.length).fill(NOT_APPLICABLE);
  const value: number[] = new Array<number>(scored.length * 5).fill(0);
  const count: number[] = new Array<number>(cells * 5).fill(0);
  const weight: number[] = new Array<number>(cells * 5).fill(0);
  const weighted: number[] = new Array<number>(cells * 5).fill(0);
  const unanswered: string[] = [];
  let applicableCount = 0;
  let answeredCount = 0;
  for (let i = 0; i < scored.length; i++) {
    const { question, levels, cell } = scored[i];
    if (hidden.has(question.id)) continue;
    const answer = answers.get(question.id);
    if (isNotApplicable(answer)) continue;
    applicableCount += levels.length;
    if (answer === undefined) {
      state[i] = UNANSWERED;
      unanswered.push(question.id);
    } else {
      state[i] = ANSWERED;
      answeredCount += levels.length;
    }
    for (const level of levels) {
      const v = answer === undefined ? 0 : (requirementValue(question, answer, level) ?? 0);
      const at = (level - 1) * cells + cell;
      value[i * 5 + level - 1] = v;
      count[at]++;
      weight[at] += question.weight;
      weighted[at] += v * question.weight;
    }
  }
  return { state, value, count, weight, weighted, applicableCount, answeredCount, unanswered };
}

/** The applicable requirements one by one, in questionnaire order (for pages that list them). */
export function collectRequirements(q: Questionnaire, answers: Answers) {
  const index = scoringIndex(q);
  const { state, value, applicableCount, answeredCount, unanswered } = applicable(index, q, answers);
  const requirements: Requirement[] = [];
  index.scored.forEach(({ question, dimensionId, subDimensionId, levels }, i) => {
    if (state[i] === NOT_APPLICABLE) return;
    for (const level of levels)
      requirements.push({ questionId: question.id, dimensionId, subDimensionId, level, weight: question.weight, value: value[i * 5 + level - 1], answered: state[i] === ANSWERED });
  });
  return { requirements, applicableCount, answeredCount, unanswered };
}

/**
 * Each applicable requirement's share of T(level): the product of its normalised weights within its
 * sub-dimension, its sub-dimension within the dimension, and the dimension within the level, visited in
 * questionnaire order, dimension by dimension (the same sums in the same order: the same figures to the bit).
 * Returns false when the level has no applicable requirement.
 */
function eachShare(q: Questionnaire, index: ScoringIndex, a: Applicable, weights: Map<string, number>, level: number, visit: (i: number, share: number) => void): boolean {
  const base = (level - 1) * index.cellWeight.length;
  const has = (cell: number) => a.count[base + cell] > 0;
  let dimTotal = 0;
  let any = false;
  q.dimensions.forEach((d, di) => {
    if (!index.dimCells[di].some(has)) return;
    dimTotal += weights.get(d.id)!;
    any = true;
  });
  q.dimensions.forEach((d, di) => {
    const cells = index.dimCells[di].filter(has);
    let subTotal = 0;
    for (const cell of cells) subTotal += index.cellWeight[cell];
    for (const cell of cells) {
      const part = (weights.get(d.id)! / dimTotal) * (index.cellWeight[cell] / subTotal);
      const reqTotal = a.weight[base + cell];
      for (const i of index.entries[level - 1][cell]) if (a.state[i] !== NOT_APPLICABLE) visit(i, part * (index.scored[i].question.weight / reqTotal));
    }
  });
  return any;
}

/** T(level): the requirements' values weighted by their shares; null when the level has no applicable requirement. */
function levelScore(q: Questionnaire, index: ScoringIndex, a: Applicable, weights: Map<string, number>, level: number): number | null {
  let sum = 0;
  const any = eachShare(q, index, a, weights, level, (i, share) => {
    sum += a.value[i * 5 + level - 1] * share;
  });
  return any ? sum : null;
}

/** A dimension's T(level): the weighted mean of its sub-dimensions' weighted means, over those with requirements. */
function dimensionLevelScore(index: ScoringIndex, a: Applicable, di: number, level: number): number | null {
  const base = (level - 1) * index.cellWeight.length;
  let total = 0;
  let sum = 0;
  let defined = 0;
  for (const cell of index.dimCells[di]) {
    const w = a.weight[base + cell];
    if (a.count[base + cell] === 0 || w === 0) continue;
    defined++;
    total += index.cellWeight[cell];
    sum += (a.weighted[base + cell] / w) * index.cellWeight[cell];
  }
  return defined === 0 || total === 0 ? null : sum / total;
}

const FURTHER_ITEMS = 3;

/**
 * The fewest unmet requirements at the target level whose gains cover Δ, largest gain first, and the
 * next few. Only answered requirements: an unanswered one is "to answer", not an improvement.
 */
function gapPlan(q: Questionnaire, index: ScoringIndex, a: Applicable, weights: Map<string, number>, target: number, delta: number): Pick<Gap, 'plan' | 'further'> {
  const candidates: GapItem[] = [];
  eachShare(q, index, a, weights, target, (i, share) => {
    const value = a.value[i * 5 + target - 1];
    if (a.state[i] !== ANSWERED || value >= 1 - EPSILON) return;
    const { question, dimensionId } = index.scored[i];
    candidates.push({ questionId: question.id, dimensionId, level: target, value, gain: share * (1 - value) });
  });
  candidates.sort((x, y) => y.gain - x.gain || x.questionId.localeCompare(y.questionId));
  let covered = 0;
  let count = 0;
  while (count < candidates.length && covered < delta - EPSILON) covered += candidates[count++].gain;
  const rounded = (items: GapItem[]) => items.map((c) => ({ ...c, gain: round(c.gain) }));
  return { plan: rounded(candidates.slice(0, count)), further: rounded(candidates.slice(count, count + FURTHER_ITEMS)) };
}

export function scoreAssessment(q: Questionnaire, answers: Answers, options: ScoreOptions = {}): ScoreResult {
  const threshold = q.scoring.threshold;
  const weights = dimensionWeights(q, options.weightProfile);
  const index = scoringIndex(q);
  const a = applicable(index, q, answers);
  const { applicableCount, answeredCount, unanswered } = a;

  const levelScores = LEVELS.map((level) => levelScore(q, index, a, weights, level));
  const n = achievedLevel(levelScores, threshold);
  const s = compositeScore(levelScores, n);

  const dimensions: DimensionResult[] = q.dimensions.map((d, di) => {
    const scores = LEVELS.map((k) => dimensionLevelScore(index, a, di, k));
    const level = achievedLevel(scores, threshold);
    return { id: d.id, weight: weights.get(d.id)!, levelScores: scores.map((t) => (t === null ? null : round(t))), level, score: round(compositeScore(scores, level)) };
  });

  const target = n + 1;
  const delta = n === 5 ? 0 : Math.max(0, threshold - (levelScores[n] ?? 0));
  const gap = n === 5 ? null : { targetLevel: target, delta: round(delta), ...gapPlan(q, index, a, weights, target, delta) };

  const answeredShare = applicableCount === 0 ? 0 : answeredCount / applicableCount;
  const ok = applicableCount > 0 && answeredShare >= q.scoring.minAnsweredShare - EPSILON;
  const provisional = { level: n, score: round(s), band: bandOf(s, threshold) };
  return {
    status: ok ? 'ok' : 'insufficient-data',
    weightProfile: options.weightProfile ?? null,
    answeredCount,
    applicableCount,
    answeredShare: round(answeredShare),
    unanswered,
    levelScores: levelScores.map((t) => (t === null ? null : round(t))),
    level: ok ? provisional.level : null,
    score: ok ? provisional.score : null,
    band: ok ? provisional.band : null,
    provisional,
    dimensions,
    gap,
  };
}
