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

/** Weighted mean of the defined values; weights renormalise over the defined ones. */
function weightedMean(items: { value: number | null; weight: number }[]): number | null {
  const defined = items.filter((i): i is { value: number; weight: number } => i.value !== null);
  const total = defined.reduce((s, i) => s + i.weight, 0);
  if (defined.length === 0 || total === 0) return null;
  return defined.reduce((s, i) => s + i.value * i.weight, 0) / total;
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

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round((x + Number.EPSILON) * f) / f;
}

/** What scoring needs of a questionnaire that does not depend on the answers, worked out once per questionnaire. */
interface ScoringIndex {
  /** The scored questions in questionnaire order, with where they sit and the levels they test. */
  scored: { question: PlacedQuestion['question']; dimensionId: string; subDimensionId: string; levels: number[] }[];
}

const indexes = new WeakMap<Questionnaire, ScoringIndex>();

function scoringIndex(q: Questionnaire): ScoringIndex {
  let index = indexes.get(q);
  if (!index) {
    index = {
      scored: placedQuestions(q)
        .filter(({ question }) => isScored(question))
        .map(({ question, dimension, subDimension }) => ({ question, dimensionId: dimension.id, subDimensionId: subDimension.id, levels: testedLevels(question) })),
    };
    indexes.set(q, index);
  }
  return index;
}

/**
 * Every applicable requirement (visible, scored, not N/A), the counts for the data threshold — in
 * requirements, so a ladder counts five times — and the questions still to answer, in order.
 */
export function collectRequirements(q: Questionnaire, answers: Answers) {
  const hidden = hiddenQuestionIds(q, answers);
  const requirements: Requirement[] = [];
  const unanswered: string[] = [];
  let applicableCount = 0;
  let answeredCount = 0;
  for (const { question, dimensionId, subDimensionId, levels } of scoringIndex(q).scored) {
    if (hidden.has(question.id)) continue;
    const answer = answers.get(question.id);
    if (isNotApplicable(answer)) continue;
    applicableCount += levels.length;
    if (answer !== undefined) answeredCount += levels.length;
    else unanswered.push(question.id);
    for (const level of levels) {
      requirements.push({
        questionId: question.id,
        dimensionId,
        subDimensionId,
        level,
        weight: question.weight,
        value: answer === undefined ? 0 : (requirementValue(question, answer, level) ?? 0),
        answered: answer !== undefined,
      });
    }
  }
  return { requirements, applicableCount, answeredCount, unanswered };
}

/** Requirements of one level grouped by dimension, then sub-dimension, each in questionnaire order. */
type LevelGroups = Map<string, Map<string, Requirement[]>>;

/** One pass over the requirements: level → dimension → sub-dimension → requirements (questionnaire order kept). */
function groupByLevel(requirements: readonly Requirement[]): LevelGroups[] {
  const groups: LevelGroups[] = LEVELS.map(() => new Map());
  for (const r of requirements) {
    const byDim = groups[r.level - 1];
    let bySub = byDim.get(r.dimensionId);
    if (!bySub) byDim.set(r.dimensionId, (bySub = new Map()));
    let list = bySub.get(r.subDimensionId);
    if (!list) bySub.set(r.subDimensionId, (list = []));
    list.push(r);
  }
  return groups;
}

/**
 * Each requirement's share of T(level): the product of its normalised weights within its
 * sub-dimension, its sub-dimension within the dimension, and the dimension within the level.
 * (Sums run in questionnaire order, dimension by dimension, as they always have: the same figures to the bit.)
 */
type Shares = { r: Requirement; share: number }[];

function levelShares(q: Questionnaire, weights: Map<string, number>, level: LevelGroups): Shares {
  const shares: Shares = [];
  const dimTotal = sumBy(
    q.dimensions.filter((d) => level.has(d.id)),
    (d) => weights.get(d.id)!,
  );
  for (const d of q.dimensions) {
    const bySub = level.get(d.id);
    if (!bySub) continue;
    const subs = d.subDimensions.filter((s) => bySub.has(s.id));
    const subTotal = sumBy(subs, (s) => s.weight);
    for (const s of subs) {
      const inSub = bySub.get(s.id)!;
      const reqTotal = sumBy(inSub, (r) => r.weight);
      const part = (weights.get(d.id)! / dimTotal) * (s.weight / subTotal);
      for (const r of inSub) shares.push({ r, share: part * (r.weight / reqTotal) });
    }
  }
  return shares;
}

function sumBy<T>(items: T[], f: (t: T) => number): number {
  return items.reduce((s, t) => s + f(t), 0);
}

function levelScoresOf(shares: Shares[]): (number | null)[] {
  return shares.map((level) => {
    if (!level.length) return null;
    let sum = 0;
    for (const { r, share } of level) sum += r.value * share;
    return sum;
  });
}

const FURTHER_ITEMS = 3;

/**
 * The fewest unmet requirements at the target level whose gains cover Δ, largest gain first, and the
 * next few. Only answered requirements: an unanswered one is "to answer", not an improvement.
 */
function gapPlan(shares: Shares, target: number, delta: number): Pick<Gap, 'plan' | 'further'> {
  const candidates = shares
    .filter(({ r }) => r.answered && r.value < 1 - EPSILON)
    .map(({ r, share }) => ({
      questionId: r.questionId,
      dimensionId: r.dimensionId,
      level: target,
      value: r.value,
      gain: share * (1 - r.value),
    }))
    .sort((a, b) => b.gain - a.gain || a.questionId.localeCompare(b.questionId));
  let covered = 0;
  let count = 0;
  while (count < candidates.length && covered < delta - EPSILON) covered += candidates[count++].gain;
  const rounded = (items: GapItem[]) => items.map((c) => ({ ...c, gain: round(c.gain) }));
  return { plan: rounded(candidates.slice(0, count)), further: rounded(candidates.slice(count, count + FURTHER_ITEMS)) };
}

export function scoreAssessment(q: Questionnaire, answers: Answers, options: ScoreOptions = {}): ScoreResult {
  const threshold = q.scoring.threshold;
  const weights = dimensionWeights(q, options.weightProfile);
  const { requirements, applicableCount, answeredCount, unanswered } = collectRequirements(q, answers);

  const groups = groupByLevel(requirements);
  const sharesByLevel = groups.map((level) => levelShares(q, weights, level));
  const levelScores = levelScoresOf(sharesByLevel);
  const n = achievedLevel(levelScores, threshold);
  const s = compositeScore(levelScores, n);

  const dimensions: DimensionResult[] = q.dimensions.map((d) => {
    const scores = LEVELS.map((k) =>
      weightedMean(
        d.subDimensions.map((sd) => ({
          weight: sd.weight,
          value: weightedMean(groups[k - 1].get(d.id)?.get(sd.id) ?? []),
        })),
      ),
    );
    const level = achievedLevel(scores, threshold);
    return { id: d.id, weight: weights.get(d.id)!, levelScores: scores.map((t) => (t === null ? null : round(t))), level, score: round(compositeScore(scores, level)) };
  });

  const target = n + 1;
  const delta = n === 5 ? 0 : Math.max(0, threshold - (levelScores[n] ?? 0));
  const gap = n === 5 ? null : { targetLevel: target, delta: round(delta), ...gapPlan(sharesByLevel[n], target, delta) };

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
