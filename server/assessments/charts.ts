// The chart geometry for an assessment's result and its peer benchmark, in the page's language.
import { benchmarkGeometry, levelBarGeometry, radarGeometry } from '../domain/charts.js';
import type { Locale, Questionnaire } from '../domain/questionnaire/schema.js';
import type { AssessmentSnapshot } from '../domain/record/snapshot.js';
import type { ScoreResult } from '../domain/scoring/score.js';
import { formatNumber, pick } from '../i18n.js';
import { benchmarkView } from './benchmark-view.js';

export function chartsFor(q: Questionnaire, result: ScoreResult, locale: Locale) {
  const title = (id: string) => pick(q.dimensions.find((d) => d.id === id)?.title, locale);
  return {
    // Each axis is labelled on two lines, the dimension's title over its score and level, so that a long English
    // title ("Security, Trust & Compliance") stays inside the figure on both sides.
    radar: radarGeometry(
      result.dimensions.map((d) => ({ label: title(d.id), value: d.score })),
      { width: 760, height: 400, labelGap: 16 },
    ),
    scores: result.dimensions.map((d) => formatNumber(d.score, locale)),
    bars: levelBarGeometry(result.levelScores, { width: 560, height: 220, threshold: q.scoring.threshold }),
    levels: result.dimensions.map((d) => d.level),
  };
}

/** The benchmark's rows and figure: labels left of the plot on a wide screen, above each row on a narrow one. */
export function benchmarkFor(q: Questionnaire, snapshot: AssessmentSnapshot, locale: Locale) {
  const view = benchmarkView(q, snapshot, locale);
  if (!view.figure) return { ...view, wide: null, narrow: null };
  return {
    ...view,
    wide: benchmarkGeometry(view.figure, { width: 760, labelWidth: 250 }),
    narrow: benchmarkGeometry(view.figure, { width: 320, labelWidth: 0 }),
  };
}
