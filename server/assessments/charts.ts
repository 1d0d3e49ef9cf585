// The chart geometry for an assessment's result, in the page's language.
import { levelBarGeometry, radarGeometry } from '../domain/charts.js';
import type { Locale, Questionnaire } from '../domain/questionnaire/schema.js';
import type { ScoreResult } from '../domain/scoring/score.js';
import { formatNumber, pick } from '../i18n.js';

export function chartsFor(q: Questionnaire, result: ScoreResult, locale: Locale) {
  const title = (id: string) => pick(q.dimensions.find((d) => d.id === id)?.title, locale);
  return {
    radar: radarGeometry(
      result.dimensions.map((d) => ({ label: `${title(d.id)} ${formatNumber(d.score, locale)}`, value: d.score })),
      { width: 720, height: 380, labelGap: 16 },
    ),
    bars: levelBarGeometry(result.levelScores, { width: 560, height: 220, threshold: q.scoring.threshold }),
    levels: result.dimensions.map((d) => d.level),
  };
}
