// Everything a maturity report says, resolved into one language: plain data the PDF renderer lays
// out. Built from the questionnaire and one assessment snapshot (live for a draft, frozen for a signed
// report): its stored result, effective answers and findings; no I/O and no scoring here.
import { benchmarkView, type BenchmarkView } from '../assessments/benchmark-view.js';
import { organizationName } from '../domain/organization.js';
import { isNotApplicable } from '../domain/questionnaire/answers.js';
import { placedQuestions } from '../domain/questionnaire/model.js';
import type { Locale, Questionnaire } from '../domain/questionnaire/schema.js';
import { visibleQuestionIds } from '../domain/questionnaire/visibility.js';
import { answersOf, countingAdjustments, effectiveAnswersOf, formatCode, type AssessmentSnapshot } from '../domain/record/snapshot.js';
import { answerLabel, DEFAULT_TIME_ZONE, formatDate, formatDateTime, formatGap, formatNumber, pick, translator, type TFunction } from '../i18n.js';

export interface ReportInput {
  questionnaire: Questionnaire;
  /** The record to report: a live one for a draft, the frozen one for a signed report. */
  snapshot: AssessmentSnapshot;
  /** For a signed report: its verification code. */
  verificationCode?: string | null;
  generatedAt: string;
  /** Times in the report are shown in this IANA time zone (default Asia/Shanghai), with the offset named. */
  timeZone?: string;
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
    /** The unified social credit code, where the organization has one. */
    creditCode: string | null;
    organizationDetail: string;
    assessmentTitle: string;
    date: string;
    draft: boolean;
    statusLine: string;
    signature: string | null;
    /** A signed report's verification code and where to check it. */
    verification: { code: string; revision: number; line: string } | null;
    conclusion: string | null;
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
  /** Requirements still to answer (a draft): never part of the plan. */
  toAnswer: { questionId: string; dimension: string; text: string }[];
  /** On an incomplete draft: the result is provisional, and why. */
  provisional: string | null;
  benchmark: BenchmarkView;
  review: { comments: { where: string; author: string; at: string; text: string }[]; adjustments: { where: string; author: string; at: string; change: string; reason: string }[] };
  appendix: AppendixRow[];
  fmt: (v: number, digits?: number) => string;
}


export function buildReportModel(input: ReportInput, locale: Locale): ReportModel {
  const t = translator(locale);
  const { questionnaire: q, snapshot } = input;
  const tz = input.timeZone ?? DEFAULT_TIME_ZONE;
  const { result, findings } = snapshot;
  const answers = answersOf(snapshot);
  const effective = effectiveAnswersOf(snapshot);
  const fmt = (v: number, digits = 2) => formatNumber(v, locale, digits);
  const levelName = (k: number) => (k === 0 ? t('levels.none') : pick(q.levels[k - 1].name, locale));
  const byId = new Map(placedQuestions(q).map((p) => [p.question.id, p]));
  const questionText = (id: string) => pick(byId.get(id)?.question.text, locale);
  const dimTitle = (id: string) => pick(q.dimensions.find((d) => d.id === id)?.title, locale);
  const ok = result.status === 'ok';
  const level = result.provisional.level;
  const signature = snapshot.signature;
  const draft = signature === null;

  const strongest = findings.strongest.map(dimTitle);
  const weakest = findings.weakest.map(dimTitle);
  const plan = result.gap?.plan ?? [];
  const steps = findings.steps.map((id) => pick(byId.get(id)?.question.recommendation, locale) || questionText(id));
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
          delta: formatGap(result.gap.delta, locale),
          count: plan.length,
        })
      : t('report.summary.top'),
  ].join(locale === 'en' ? ' ' : '');

  const visible = visibleQuestionIds(q, effective);
  const dimensions: ReportDimension[] = result.dimensions.map((d) => {
    const def = q.dimensions.find((x) => x.id === d.id)!;
    const strengths = (findings.dimensions[d.id]?.strengths ?? []).map(questionText);
    const gaps = (findings.dimensions[d.id]?.gaps ?? []).map(questionText);
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
            delta: formatGap(result.gap.delta, locale),
            count: plan.length,
          }),
          items: plan.map((p) => {
            const question = byId.get(p.questionId)!.question;
            return {
              questionId: p.questionId,
              dimension: dimTitle(p.dimensionId),
              text: pick(question.text, locale),
              current: answerLabel(question, effective.get(p.questionId), t, locale),
              gain: `+${fmt(p.gain, 3)}`,
              recommendation: pick(question.recommendation, locale) || t('report.gap.noRecommendation'),
            };
          }),
        };

  const benchmark = benchmarkView(q, snapshot, locale);

  const where = (id: string | null) => (id ? `${id} ${questionText(id)}` : t('report.review.general'));
  const review = {
    comments: snapshot.comments.map((c) => ({ where: where(c.questionId), author: c.author, at: formatDateTime(c.at, locale, tz), text: c.text })),
    adjustments: countingAdjustments(snapshot).map((a) => {
      const question = byId.get(a.questionId)!.question;
      return {
        where: where(a.questionId),
        author: a.author,
        at: formatDateTime(a.at, locale, tz),
        change: `${answerLabel(question, a.from ?? undefined, t, locale)} → ${answerLabel(question, a.to, t, locale)}`,
        reason: a.reason,
      };
    }),
  };

  const adjusted = new Map(countingAdjustments(snapshot).map((a) => [a.questionId, a.to]));
  const appendix: AppendixRow[] = placedQuestions(q).map(({ question, dimension }) => {
    const answer = answers.get(question.id);
    const own = visible.has(question.id) ? answerLabel(question, answer, t, locale) : t('report.hidden');
    const to = adjusted.get(question.id);
    return {
      questionId: question.id,
      dimension: pick(dimension.title, locale),
      text: pick(question.text, locale),
      answer: to === undefined ? own : t('report.appendix.adjusted', { own, adjusted: answerLabel(question, to, t, locale) }),
      naReason: isNotApplicable(answer) ? answer.reason : '',
      evidence: (snapshot.evidence[question.id] ?? []).map((e) => `${e.name} (${e.sha256.slice(0, 8)})`).join(', '),
    };
  });

  const { assessment, organization } = snapshot;
  const profile = q.weightProfiles.find((p) => p.id === assessment.weightProfile);
  const code = input.verificationCode ? formatCode(input.verificationCode) : null;
  return {
    locale,
    t,
    meta: {
      title: t('report.title'),
      questionnaire: pick(q.title, locale),
      version: q.version,
      organization: organizationName(organization, locale),
      creditCode: organization.creditCode ?? null,
      organizationDetail: [
        organization.province ? t(`province.${organization.province}`) : '',
        organization.industry ? t(`industry.${organization.industry}`) : '',
        organization.sizeBand ? t(`sizeBand.${organization.sizeBand}`) : '',
      ]
        .filter(Boolean)
        .join(' · '),
      assessmentTitle: assessment.title,
      date: formatDate(input.generatedAt, locale, tz),
      draft,
      statusLine: signature
        ? t('report.signedRevision', { status: t('status.finalized'), revision: signature.revision })
        : t(`status.${assessment.status}`, { defaultValue: assessment.status }),
      signature: signature
        ? t('report.signedBy', {
            name: signature.signerOrganization ? t('report.signerWithOrg', { name: signature.signedBy, org: signature.signerOrganization }) : signature.signedBy,
            at: formatDateTime(signature.signedAt, locale, tz),
          })
        : null,
      verification:
        signature && code ? { code, revision: signature.revision, line: t('report.verification', { code }) } : null,
      conclusion: signature?.conclusion ?? null,
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
    toAnswer: result.unanswered.map((id) => ({ questionId: id, dimension: pick(byId.get(id)?.dimension.title, locale), text: questionText(id) })),
    provisional: draft && result.unanswered.length ? t('report.provisional', { count: result.unanswered.length }) : null,
    benchmark,
    review,
    appendix,
    fmt,
  };
}
