// Everything a maturity report says, resolved into one language: plain data the PDF renderer lays
// out. Built from the questionnaire, the answers, the score and what the database knows about the
// organization, review and peers; no I/O here.
import { isNotApplicable, type Answer, type Answers } from '../domain/questionnaire/answers.js';
import { placedQuestions } from '../domain/questionnaire/model.js';
import { CONFORMANCE_GRADES, type Locale, type Question, type Questionnaire } from '../domain/questionnaire/schema.js';
import { visibleQuestionIds } from '../domain/questionnaire/visibility.js';
import type { Benchmark } from '../domain/scoring/benchmark.js';
import type { ScoreResult } from '../domain/scoring/score.js';
import { formatDate, formatDateTime, formatNumber, pick, translator, type TFunction } from '../i18n.js';

export interface ReportInput {
  questionnaire: Questionnaire;
  /** The organization's own answers (the appendix); `result` is scored with any adjustments applied. */
  answers: Answers;
  result: ScoreResult;
  organization: { name: string; industry?: string; sizeBand?: string };
  assessment: {
    title: string;
    status: string;
    weightProfile: string | null;
    signedBy?: string | null;
    signedAt?: string | null;
  };
  benchmark?: { overall: Benchmark; dimensions: Record<string, Benchmark> } | null;
  comments?: { questionId: string | null; author: string; at: string; text: string }[];
  /** Consultant adjustments: the grade a question's answer was adjusted to, and why. */
  adjustments?: { questionId: string; author: string; at: string; value: number; reason: string }[];
  evidence?: ReadonlyMap<string, string[]>;
  generatedAt: string;
}

export interface ReportDimension {
  id: string;
  title: string;
  level: number;
  score: number;
  levelScores: (number | null)[];
  description: string;
  finding: string;
  strengths: string[];
  gaps: string[];
}

export interface ReportPlanItem {
  questionId: string;
  dimension: string;
  text: string;
  current: string;
  gain: string;
  recommendation: string;
}

export interface AppendixRow {
  questionId: string;
  dimension: string;
  text: string;
  answer: string;
  naReason: string;
  evidence: string;
}

export interface ReportModel {
  locale: Locale;
  t: TFunction;
  meta: {
    title: string;
    questionnaire: string;
    version: string;
    organization: string;
    organizationDetail: string;
    assessmentTitle: string;
    date: string;
    draft: boolean;
    statusLine: string;
    signature: string | null;
    notice: string | null;
    weightProfile: string | null;
  };
  summary: {
    headline: string;
    paragraph: string;
    strongest: string[];
    weakest: string[];
    steps: string[];
    levelLabel: string;
    scoreLabel: string;
    answered: string;
  };
  levelNames: string[];
  levelScores: (number | null)[];
  threshold: number;
  achievedLevel: number | null;
  dimensions: ReportDimension[];
  gap: { intro: string; items: ReportPlanItem[] } | null;
  benchmark: { shown: boolean; text: string; rows: { label: string; value: string }[] };
  review: { comments: { where: string; author: string; at: string; text: string }[]; adjustments: { where: string; author: string; at: string; change: string; reason: string }[] };
  appendix: AppendixRow[];
  fmt: (v: number, digits?: number) => string;
}


/** The answer in words, in the report's language. */
export function answerLabel(question: Question, answer: Answer | undefined, t: TFunction, locale: Locale): string {
  if (answer === undefined) return t('report.unanswered');
  if (isNotApplicable(answer)) return t('question.na');
  switch (question.type) {
    case 'conformance':
      return t(`conformance.${CONFORMANCE_GRADES.find((g) => g.value === answer)?.key ?? 'none'}`);
    case 'ladder': {
      const level = answer as number;
      return level === 0 ? t('question.ladderNone') : `L${level} ${pick(question.options[level - 1].label, locale)}`;
    }
    case 'single':
      return pick(question.options.find((o) => o.value === answer)?.label, locale);
    case 'multiple':
      return question.options
        .filter((o) => (answer as string[]).includes(o.value))
        .map((o) => pick(o.label, locale))
        .join(locale === 'en' ? '; ' : '；') || t('report.noneChosen');
    case 'yesno':
      return t(answer ? 'question.yes' : 'question.no');
    case 'number':
      return `${answer}${question.unit ? ' ' + pick(question.unit, locale) : ''}`;
    case 'text':
      return String(answer);
  }
}

function dimensionSentences(q: Questionnaire, result: ScoreResult, locale: Locale) {
  const ranked = [...result.dimensions].sort((a, b) => b.score - a.score);
  const title = (id: string) => pick(q.dimensions.find((d) => d.id === id)?.title, locale);
  return {
    strongest: ranked.slice(0, 2).map((d) => title(d.id)),
    weakest: ranked.slice(-2).reverse().map((d) => title(d.id)),
  };
}

export function buildReportModel(input: ReportInput, locale: Locale): ReportModel {
  const t = translator(locale);
  const { questionnaire: q, result, answers } = input;
  const fmt = (v: number, digits = 2) => formatNumber(v, locale, digits);
  const levelName = (k: number) => (k === 0 ? t('levels.none') : pick(q.levels[k - 1].name, locale));
  const byId = new Map(placedQuestions(q).map((p) => [p.question.id, p]));
  const questionText = (id: string) => pick(byId.get(id)?.question.text, locale);
  const dimTitle = (id: string) => pick(q.dimensions.find((d) => d.id === id)?.title, locale);
  const ok = result.status === 'ok';
  const level = result.provisional.level;
  const draft = input.assessment.status !== 'finalized';

  const { strongest, weakest } = dimensionSentences(q, result, locale);
  const plan = result.gap?.plan ?? [];
  // Three steps: the plan's largest gains, topped up from the next requirements when the plan is shorter.
  const steps = [...plan, ...(result.gap?.further ?? [])]
    .slice(0, 3)
    .map((p) => pick(byId.get(p.questionId)?.question.recommendation, locale) || questionText(p.questionId));
  const headline = ok
    ? t('report.summary.headline', { level, name: levelName(level), score: fmt(result.score!) })
    : t('report.summary.headlineInsufficient', { share: Math.round(result.answeredShare * 100) });
  const paragraph = [
    ok ? t(`report.summary.position${level}`) : t('report.summary.positionInsufficient'),
    result.gap && result.gap.targetLevel <= 5
      ? t('report.summary.next', {
          target: result.gap.targetLevel,
          name: levelName(result.gap.targetLevel),
          current: fmt(result.levelScores[result.gap.targetLevel - 1] ?? 0),
          delta: fmt(result.gap.delta),
          count: plan.length,
        })
      : t('report.summary.top'),
  ].join(locale === 'en' ? ' ' : '');

  const visible = visibleQuestionIds(q, answers);
  const dimensions: ReportDimension[] = result.dimensions.map((d) => {
    const def = q.dimensions.find((x) => x.id === d.id)!;
    const questions = def.subDimensions.flatMap((s) => s.questions).filter((x) => visible.has(x.id));
    const scored = questions.filter((x) => x.type === 'conformance');
    const strengths = scored.filter((x) => answers.get(x.id) === 1).slice(0, 3).map((x) => pick(x.text, locale));
    const gaps = scored
      .filter((x) => x.level <= d.level + 1 && (answers.get(x.id) === 0 || answers.get(x.id) === 0.5 || answers.get(x.id) === undefined))
      .slice(0, 3)
      .map((x) => pick(x.text, locale));
    const next = d.level < 5 ? d.levelScores[d.level] : null;
    return {
      id: d.id,
      title: pick(def.title, locale),
      level: d.level,
      score: d.score,
      levelScores: d.levelScores,
      description: pick(def.description, locale),
      finding:
        d.level === 5
          ? t('report.dimension.findingTop', { name: levelName(5) })
          : t('report.dimension.finding', { level: d.level, name: levelName(d.level), next: d.level + 1, value: fmt(next ?? 0) }),
      strengths,
      gaps,
    };
  });

  const gap =
    result.gap === null
      ? null
      : {
          intro: t('report.gap.intro', {
            target: result.gap.targetLevel,
            name: levelName(result.gap.targetLevel),
            delta: fmt(result.gap.delta),
            count: plan.length,
          }),
          items: plan.map((p) => {
            const question = byId.get(p.questionId)!.question;
            return {
              questionId: p.questionId,
              dimension: dimTitle(p.dimensionId),
              text: pick(question.text, locale),
              current: answerLabel(question, answers.get(p.questionId), t, locale),
              gain: `+${fmt(p.gain, 3)}`,
              recommendation: pick(question.recommendation, locale) || t('report.gap.noRecommendation'),
            };
          }),
        };

  const bench = input.benchmark;
  const benchmark = !bench
    ? { shown: false, text: t('report.benchmark.unavailable'), rows: [] }
    : bench.overall.shown
      ? {
          shown: true,
          text: t('report.benchmark.intro', { peers: bench.overall.peers }),
          rows: [
            { label: t('report.benchmark.overall'), value: t('report.benchmark.percentile', { p: bench.overall.percentile }) },
            ...result.dimensions.map((d) => {
              const b = bench.dimensions[d.id];
              return { label: dimTitle(d.id), value: b?.shown ? t('report.benchmark.percentile', { p: b.percentile }) : '–' };
            }),
          ],
        }
      : { shown: false, text: t('report.benchmark.tooFew', { peers: bench.overall.peers, min: 5 }), rows: [] };

  const where = (id: string | null) => (id ? `${id} ${questionText(id)}` : t('report.review.general'));
  const review = {
    comments: (input.comments ?? []).map((c) => ({ where: where(c.questionId), author: c.author, at: formatDateTime(c.at, locale), text: c.text })),
    adjustments: (input.adjustments ?? []).map((a) => {
      const question = byId.get(a.questionId)!.question;
      return {
        where: where(a.questionId),
        author: a.author,
        at: formatDateTime(a.at, locale),
        change: `${answerLabel(question, answers.get(a.questionId), t, locale)} → ${answerLabel(question, a.value, t, locale)}`,
        reason: a.reason,
      };
    }),
  };

  const appendix: AppendixRow[] = placedQuestions(q).map(({ question, dimension }) => {
    const answer = answers.get(question.id);
    return {
      questionId: question.id,
      dimension: pick(dimension.title, locale),
      text: pick(question.text, locale),
      answer: visible.has(question.id) ? answerLabel(question, answer, t, locale) : t('report.hidden'),
      naReason: isNotApplicable(answer) ? answer.reason : '',
      evidence: (input.evidence?.get(question.id) ?? []).join(', '),
    };
  });

  const profile = q.weightProfiles.find((p) => p.id === input.assessment.weightProfile);
  return {
    locale,
    t,
    meta: {
      title: t('report.title'),
      questionnaire: pick(q.title, locale),
      version: q.version,
      organization: input.organization.name,
      organizationDetail: [
        input.organization.industry ? t(`industry.${input.organization.industry}`) : '',
        input.organization.sizeBand ? t(`sizeBand.${input.organization.sizeBand}`) : '',
      ]
        .filter(Boolean)
        .join(' · '),
      assessmentTitle: input.assessment.title,
      date: formatDate(input.generatedAt, locale),
      draft,
      statusLine: t(`status.${input.assessment.status}`, { defaultValue: input.assessment.status }),
      signature:
        !draft && input.assessment.signedBy && input.assessment.signedAt
          ? t('report.signedBy', { name: input.assessment.signedBy, at: formatDateTime(input.assessment.signedAt, locale) })
          : null,
      notice: q.notice ? pick(q.notice, locale) : null,
      weightProfile: profile ? pick(profile.name, locale) : null,
    },
    summary: {
      headline,
      paragraph,
      strongest,
      weakest,
      steps,
      levelLabel: ok ? levelName(level) : t('result.insufficient'),
      scoreLabel: ok ? fmt(result.score!) : '–',
      answered: t('result.answered', { answered: result.answeredCount, total: result.applicableCount }),
    },
    levelNames: q.levels.map((l) => pick(l.name, locale)),
    levelScores: result.levelScores,
    threshold: q.scoring.threshold,
    achievedLevel: ok ? level : null,
    dimensions,
    gap,
    benchmark,
    review,
    appendix,
    fmt,
  };
}
