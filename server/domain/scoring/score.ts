// The maturity scoring method of DESIGN.md (after GB/T 39117-2020), as a pure function of a
// questionnaire and its answers: level scores T(1..5), achieved level n, composite score
// S = n + T(n+1), band, per-dimension levels, and the gap plan to the next level.
import { isNotApplicable, requirementValue, type Answers } from '../questionnaire/answers.js';
import { dimensionWeights, isScored, placedQuestions, testedLevels } from '../questionnaire/model.js';
import type { Questionnaire } from '../questionnaire/schema.js';
import { visibleQuestionIds } from '../questionnaire/visibility.js';

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

/**
 * Every applicable requirement (visible, scored, not N/A), the counts for the data threshold — in
 * requirements, so a ladder counts five times — and the questions still to answer, in order.
 */
export function collectRequirements(q: Questionnaire, answers: Answers) {
  const visible = visibleQuestionIds(q, answers);
  const requirements: Requirement[] = [];
  const unanswered: string[] = [];
  let applicableCount = 0;
  let answeredCount = 0;
  for (const { question, dimension, subDimension } of placedQuestions(q)) {
    if (!visible.has(question.id) || !isScored(question)) continue;
    const answer = answers.get(question.id);
    if (isNotApplicable(answer)) continue;
    const levels = testedLevels(question);
    applicableCount += levels.length;
    if (answer !== undefined) answeredCount += levels.length;
    else unanswered.push(question.id);
    for (const level of levels) {
      requirements.push({
        questionId: question.id,
        dimensionId: dimension.id,
        subDimensionId: subDimension.id,
        level,
        weight: question.weight,
        value: answer === undefined ? 0 : (requirementValue(question, answer, level) ?? 0),
        answered: answer !== undefined,
      });
    }
  }
  return { requirements, applicableCount, answeredCount, unanswered };
}

/**
 * Each requirement's share of T(level): the product of its normalised weights within its
 * sub-dimension, its sub-dimension within the dimension, and the dimension within the level.
 */
function levelShares(q: Questionnaire, weights: Map<string, number>, reqs: Requirement[]): Map<Requirement, number> {
  const shares = new Map<Requirement, number>();
  const dimTotal = sumBy(
    q.dimensions.filter((d) => reqs.some((r) => r.dimensionId === d.id)),
    (d) => weights.get(d.id)!,
  );
  for (const d of q.dimensions) {
    const inDim = reqs.filter((r) => r.dimensionId === d.id);
    if (!inDim.length) continue;
    const subs = d.subDimensions.filter((s) => inDim.some((r) => r.subDimensionId === s.id));
    const subTotal = sumBy(subs, (s) => s.weight);
    for (const s of subs) {
      const inSub = inDim.filter((r) => r.subDimensionId === s.id);
      const reqTotal = sumBy(inSub, (r) => r.weight);
      for (const r of inSub) shares.set(r, (weights.get(d.id)! / dimTotal) * (s.weight / subTotal) * (r.weight / reqTotal));
    }
  }
  return shares;
}

function sumBy<T>(items: T[], f: (t: T) => number): number {
  return items.reduce((s, t) => s + f(t), 0);
}

function levelScoresOf(shares: Map<Requirement, number>[]): (number | null)[] {
  return shares.map((m) => (m.size ? sumBy([...m], ([r, share]) => r.value * share) : null));
}

const FURTHER_ITEMS = 3;

/**
 * The fewest unmet requirements at the target level whose gains cover Δ, largest gain first, and the
 * next few. Only answered requirements: an unanswered one is "to answer", not an improvement.
 */
function gapPlan(shares: Map<Requirement, number>, target: number, delta: number): Pick<Gap, 'plan' | 'further'> {
  const candidates = [...shares]
    .filter(([r]) => r.answered && r.value < 1 - EPSILON)
    .map(([r, share]) => ({
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

  const sharesByLevel = LEVELS.map((k) => levelShares(q, weights, requirements.filter((r) => r.level === k)));
  const levelScores = levelScoresOf(sharesByLevel);
  const n = achievedLevel(levelScores, threshold);
  const s = compositeScore(levelScores, n);

  const dimensions: DimensionResult[] = q.dimensions.map((d) => {
    const scores = LEVELS.map((k) =>
      weightedMean(
        d.subDimensions.map((sd) => ({
          weight: sd.weight,
          value: weightedMean(
            requirements
              .filter((r) => r.level === k && r.subDimensionId === sd.id)
              .map((r) => ({ value: r.value, weight: r.weight })),
          ),
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
