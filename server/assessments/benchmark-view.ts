// The peer benchmark as the assessment page and the PDF report show it, in one language: for the composite
// score and each dimension, the organization's own score, the peers' distribution (as stored in the
// snapshot, never recomputed) and the band the own score falls in. Both renderers draw the same rows.
import type { BenchmarkRowInput } from '../domain/charts.js';
import type { Locale, Questionnaire } from '../domain/questionnaire/schema.js';
import type { AssessmentSnapshot } from '../domain/record/snapshot.js';
import { MIN_PEERS, percentileBand, positionBand, type Benchmark } from '../domain/scoring/benchmark.js';
import { formatNumber, pick, translator } from '../i18n.js';

export interface BenchmarkViewRow {
  id: string;
  label: string;
  shown: boolean;
  peers: string;
  score: string;
  median: string;
  /** The middle half of the peers: lower to upper quartile. */
  middle: string;
  /** The peers' lowest to highest. */
  range: string;
  position: string;
}

export interface BenchmarkView {
  /** `shown`: a distribution to draw; `too-few`: fewer than MIN_PEERS peers; `unavailable`: not finalized. */
  state: 'shown' | 'too-few' | 'unavailable';
  text: string;
  rows: BenchmarkViewRow[];
  /** The figure's rows (absent for a record signed before the distribution was stored). */
  figure: BenchmarkRowInput[] | null;
  caption: string;
  legend: { box: string; median: string; whiskers: string; marker: string };
}

const NO_PEERS: Benchmark = { shown: false, peers: 0, reason: 'too-few-peers' };

export function benchmarkView(q: Questionnaire, snapshot: AssessmentSnapshot, locale: Locale): BenchmarkView {
  const t = translator(locale);
  const fmt = (v: number) => formatNumber(v, locale);
  const bench = snapshot.benchmark;
  const { result } = snapshot;
  const legend = {
    box: t('report.benchmark.legend.box'),
    median: t('report.benchmark.legend.median'),
    whiskers: t('report.benchmark.legend.whiskers'),
    marker: t('report.benchmark.legend.marker'),
  };
  const base = { rows: [], figure: null, caption: '', legend };
  if (!bench) return { ...base, state: 'unavailable', text: t('report.benchmark.unavailable') };
  if (!bench.overall.shown) return { ...base, state: 'too-few', text: t('report.benchmark.tooFew', { min: MIN_PEERS }) };

  const figures = [
    { id: 'overall', label: t('report.benchmark.overall'), score: result.score ?? result.provisional.score, b: bench.overall },
    ...result.dimensions.map((d) => ({
      id: d.id,
      label: pick(q.dimensions.find((x) => x.id === d.id)?.title, locale),
      score: d.score,
      b: bench.dimensions[d.id] ?? NO_PEERS,
    })),
  ];
  const rows = figures.map(({ id, label, score, b }): BenchmarkViewRow => {
    if (!b.shown) return { id, label, shown: false, peers: '–', score: fmt(score), median: '–', middle: '–', range: '–', position: t('report.benchmark.tooFewRow', { min: MIN_PEERS }) };
    const d = b.distribution;
    const band = d ? positionBand(score, d) : percentileBand(b.percentile);
    return {
      id,
      label,
      shown: true,
      peers: String(b.peers),
      score: fmt(score),
      median: d ? fmt(d.median) : '–',
      middle: d ? `${fmt(d.q1)}–${fmt(d.q3)}` : '–',
      range: d ? `${fmt(d.min)}–${fmt(d.max)}` : '–',
      position: t(`report.benchmark.bands.${band}`),
    };
  });
  const drawable = bench.overall.distribution !== undefined;
  return {
    state: 'shown',
    text: t('report.benchmark.intro', { peers: bench.overall.peers }),
    rows,
    figure: drawable
      ? figures.map(({ label, score, b }) => ({ label, score, distribution: b.shown && b.distribution ? b.distribution : null }))
      : null,
    caption: t('report.benchmark.caption', { peers: bench.overall.peers }),
    legend,
  };
}
