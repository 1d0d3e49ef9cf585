// One assessment as spreadsheet rows, in one language: the answers table (one row per question, the
// same in CSV and in the XLSX's first sheet) and the results table (the XLSX's second sheet). A renderer
// over the AssessmentSnapshot and its questionnaire, like the PDF's report model; no I/O here.
import { organizationName } from '../domain/organization.js';
import { isNotApplicable } from '../domain/questionnaire/answers.js';
import { placedQuestions, testedLevels } from '../domain/questionnaire/model.js';
import type { Locale, Questionnaire } from '../domain/questionnaire/schema.js';
import { visibleQuestionIds } from '../domain/questionnaire/visibility.js';
import { effectiveAnswersOf, answersOf, formatCode, type AssessmentSnapshot, type SnapshotAdjustment } from '../domain/record/snapshot.js';
import { answerLabel, pick, translator } from '../i18n.js';
import type { Cell } from './cells.js';

export interface Sheet {
  header: string[];
  rows: Cell[][];
}

/** "3", or "1–5" for a ladder. */
function levelsText(levels: number[]): string {
  if (levels.length <= 1) return levels.join('');
  const contiguous = levels.every((l, i) => i === 0 || l === levels[i - 1] + 1);
  return contiguous ? `${levels[0]}–${levels.at(-1)}` : levels.join(', ');
}

/** The latest adjustment of each question (the one whose state says whether it counts). */
function latestAdjustments(adjustments: SnapshotAdjustment[]): Map<string, SnapshotAdjustment> {
  const sorted = [...adjustments].sort((a, b) => a.at.localeCompare(b.at));
  return new Map(sorted.map((a) => [a.questionId, a]));
}

export function answersSheet(q: Questionnaire, snapshot: AssessmentSnapshot, locale: Locale): Sheet {
  const t = translator(locale);
  const answers = answersOf(snapshot);
  const visible = visibleQuestionIds(q, effectiveAnswersOf(snapshot));
  const adjusted = latestAdjustments(snapshot.adjustments);
  const header = [
    'dimension', 'subDimension', 'questionId', 'question', 'levels', 'answer', 'naReason', 'adjustment', 'adjustmentState', 'evidence',
  ].map((k) => t(`exports.columns.${k}`));
  const rows = placedQuestions(q).map(({ question, dimension, subDimension }) => {
    const answer = answers.get(question.id);
    const adjustment = adjusted.get(question.id);
    return [
      pick(dimension.title, locale),
      pick(subDimension.title, locale),
      question.id,
      pick(question.text, locale),
      levelsText(testedLevels(question)),
      visible.has(question.id) ? answerLabel(question, answer, t, locale) : t('report.hidden'),
      isNotApplicable(answer) ? answer.reason : '',
      adjustment ? answerLabel(question, adjustment.to, t, locale) : '',
      adjustment ? t(`adjustments.state.${adjustment.state}`) : '',
      (snapshot.evidence[question.id] ?? []).map((e) => e.name).join('; '),
    ];
  });
  return { header, rows };
}

export interface ResultsSheet {
  /** Label and value pairs: the organization, the overall result and, when signed, the signature. */
  facts: [string, Cell][];
  dimensions: Sheet;
}

export function resultsSheet(
  q: Questionnaire,
  snapshot: AssessmentSnapshot,
  locale: Locale,
  options: { verificationCode: string | null; formatTime: (iso: string) => string },
): ResultsSheet {
  const t = translator(locale);
  const { result, organization, assessment, signature } = snapshot;
  const levelName = (k: number | null) => (k === null ? t('result.insufficient') : k === 0 ? t('levels.none') : pick(q.levels[k - 1].name, locale));
  const label = (k: string) => t(`exports.results.${k}`);
  const facts: [string, Cell][] = [
    [label('organization'), organizationName(organization, locale)],
    [label('creditCode'), organization.creditCode ?? ''],
    [label('assessment'), assessment.title],
    [label('questionnaire'), `${pick(q.title, locale)} (${q.id} v${q.version})`],
    [label('status'), t(`status.${assessment.status}`)],
    [label('level'), result.level],
    [label('levelName'), levelName(result.level)],
    [label('score'), result.score],
    [label('band'), result.band],
    [label('answeredShare'), result.answeredShare],
    [label('takenAt'), options.formatTime(snapshot.takenAt)],
  ];
  if (signature) {
    facts.push(
      [label('signedBy'), signature.signerOrganization ? `${signature.signedBy} (${signature.signerOrganization})` : signature.signedBy],
      [label('signedAt'), options.formatTime(signature.signedAt)],
      [label('revision'), signature.revision],
      [label('verificationCode'), options.verificationCode ? formatCode(options.verificationCode) : ''],
      [label('conclusion'), signature.conclusion ?? ''],
    );
  }
  const dimensions: Sheet = {
    header: ['dimensionId', 'dimension', 'level', 'score'].map((k) => t(`exports.columns.${k}`)),
    rows: result.dimensions.map((d) => [d.id, pick(q.dimensions.find((x) => x.id === d.id)?.title, locale), d.level, d.score]),
  };
  return { facts, dimensions };
}
