// Chart geometry shared by the HTML pages (inline SVG) and the PDF report (pdfkit paths):
// a radar of dimension levels, a bar chart of level scores T(1..5) against the threshold line, and
// a line chart of scores over a series of signed assessments (the organization's history), and
// horizontal stacked bars of how many organizations reached each level (the operator's dashboard), and
// the peer benchmark's box-and-whisker rows with the organization's own marker.
// Pure numbers: each renderer only strokes and fills what is computed here.

export interface Point {
  x: number;
  y: number;
}

export interface RadarAxis {
  label: string;
  /** End of the axis line (the outer ring). */
  end: Point;
  /** Where the label goes, and how it is anchored horizontally. */
  labelAt: Point;
  anchor: 'start' | 'middle' | 'end';
  /** Which way a label of several lines grows from labelAt: away from the rings above and below, centred beside them. */
  side: 'above' | 'below' | 'beside';
}

export interface RadarGeometry {
  width: number;
  height: number;
  center: Point;
  radius: number;
  /** Rings for values 1..max, each a closed polygon. */
  rings: Point[][];
  /** Each ring's value, written just right of where it crosses the upward axis. */
  ringLabels: { value: number; at: Point }[];
  axes: RadarAxis[];
  /** The data polygon and its vertices. */
  shape: Point[];
}

/** Radar with one axis per dimension, values on a 0..max scale (levels 0–5, or scores up to 5). */
export function radarGeometry(
  items: { label: string; value: number }[],
  options: { width: number; height: number; max?: number; labelGap?: number },
): RadarGeometry {
  const max = options.max ?? 5;
  const gap = options.labelGap ?? 14;
  const center = { x: options.width / 2, y: options.height / 2 };
  const radius = Math.min(options.width, options.height) / 2 - gap - 36;
  const n = Math.max(items.length, 3);
  const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / n;
  const at = (i: number, r: number): Point => ({
    x: round(center.x + r * Math.cos(angle(i))),
    y: round(center.y + r * Math.sin(angle(i))),
  });
  const rings = Array.from({ length: max }, (_, k) => items.map((_, i) => at(i, (radius * (k + 1)) / max)));
  const axes = items.map((item, i) => {
    const cos = Math.cos(angle(i));
    const anchor: RadarAxis['anchor'] = Math.abs(cos) < 0.2 ? 'middle' : cos > 0 ? 'start' : 'end';
    const labelAt = at(i, radius + gap);
    const side: RadarAxis['side'] = labelAt.y < center.y - radius * 0.7 ? 'above' : labelAt.y > center.y + radius * 0.7 ? 'below' : 'beside';
    return { label: item.label, end: at(i, radius), labelAt, anchor, side };
  });
  const ringLabels = rings.map((_, k) => ({ value: k + 1, at: { x: round(center.x + 3), y: round(center.y - (radius * (k + 1)) / max) } }));
  // The values themselves, not their whole levels: 1.47 and 1.77 lie at different distances.
  const shape = items.map((item, i) => at(i, (radius * clamp(item.value, 0, max)) / max));
  return { width: options.width, height: options.height, center, radius, rings, ringLabels, axes, shape };
}

export interface Bar {
  level: number;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
  reached: boolean;
  /** Centre of the label below the bar and of the value above it. */
  labelX: number;
}

export interface BarGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  bars: Bar[];
  thresholdY: number;
  threshold: number;
  ticks: { value: number; y: number }[];
}

/** Vertical bars for T(1..5) on a 0..1 scale with a horizontal line at the threshold. */
export function levelBarGeometry(
  levelScores: (number | null)[],
  options: { width: number; height: number; threshold?: number },
): BarGeometry {
  const threshold = options.threshold ?? 0.8;
  const plot = { left: 36, top: 14, right: options.width - 10, bottom: options.height - 24 };
  const plotHeight = plot.bottom - plot.top;
  const slot = (plot.right - plot.left) / levelScores.length;
  const y = (v: number) => round(plot.bottom - clamp(v, 0, 1) * plotHeight);
  const bars = levelScores.map((raw, i) => {
    const value = raw ?? 0;
    const width = round(slot * 0.56);
    const x = round(plot.left + slot * i + (slot - width) / 2);
    return {
      level: i + 1,
      value,
      x,
      y: y(value),
      width,
      height: round(plot.bottom - y(value)),
      reached: value >= threshold - 1e-9,
      labelX: round(x + width / 2),
    };
  });
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => ({ value: v, y: y(v) }));
  return { width: options.width, height: options.height, plot, bars, thresholdY: y(threshold), threshold, ticks };
}

export interface TrendPoint extends Point {
  /** Which assessment of the series (the x position's index). */
  index: number;
  value: number;
}

export interface TrendGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  /** One x position per assessment, oldest first; `labelled` where there is room for its date. */
  xs: { x: number; labelled: boolean }[];
  /** Grid lines of the value axis (0..max in steps of 1). */
  ticks: { value: number; y: number }[];
  /** The score band of each level, bottom to top: level k from k − (1 − threshold), level 0 from 0. */
  bands: { level: number; top: number; bottom: number; labelY: number }[];
  /** Each series' points (where it has a value) and the polylines between consecutive ones. */
  series: { points: TrendPoint[]; segments: Point[][] }[];
}

/**
 * A line chart of values on a 0..max scale over `count` assessments in time order, evenly spaced (an
 * assessment is a step of the series, however long apart they were). A series without a value for an
 * assessment (a dimension the questionnaire did not have then) has a gap there. The bands are the
 * composite score's level bands (after GB/T 39117: level k is k − 0.2 ≤ S < k + 0.8 at threshold 0.8).
 */
export function trendGeometry(
  count: number,
  values: (number | null)[][],
  options: { width: number; height: number; max?: number; threshold?: number; minLabelGap?: number },
): TrendGeometry {
  const max = options.max ?? 5;
  const threshold = options.threshold ?? 0.8;
  const plot = { left: 44, top: 16, right: options.width - 72, bottom: options.height - 44 };
  const inset = 28;
  const spacing = count > 1 ? (plot.right - plot.left - 2 * inset) / (count - 1) : 0;
  const xAt = (i: number) => round(count > 1 ? plot.left + inset + spacing * i : (plot.left + plot.right) / 2);
  const y = (v: number) => round(plot.bottom - (clamp(v, 0, max) / max) * (plot.bottom - plot.top));
  // Every step-th date is written (and always the newest), so labels never run into each other.
  const step = count > 1 ? Math.max(1, Math.ceil((options.minLabelGap ?? 110) / spacing)) : 1;
  const xs = Array.from({ length: count }, (_, i) => ({ x: xAt(i), labelled: i === count - 1 || (i % step === 0 && count - 1 - i >= step) }));
  const ticks = Array.from({ length: max + 1 }, (_, v) => ({ value: v, y: y(v) }));
  const starts = Array.from({ length: max + 1 }, (_, k) => (k === 0 ? 0 : k - (1 - threshold)));
  const bands = starts.map((from, k) => {
    const to = k < max ? starts[k + 1] : max;
    return { level: k, top: y(to), bottom: y(from), labelY: round((y(to) + y(from)) / 2) };
  });
  const series = values.map((list) => {
    const points = list.flatMap((v, index) => (v === null || v === undefined || index >= count ? [] : [{ x: xAt(index), y: y(v), index, value: v }]));
    const segments: Point[][] = [];
    points.forEach((p, i) => {
      if (i > 0 && points[i - 1].index === p.index - 1) segments.at(-1)!.push({ x: p.x, y: p.y });
      else segments.push([{ x: p.x, y: p.y }]);
    });
    return { points, segments: segments.filter((s) => s.length > 1) };
  });
  return { width: options.width, height: options.height, plot, xs, ticks, bands, series };
}

export interface StackedSegment {
  key: string;
  value: number;
  x: number;
  width: number;
  /** Centre of the segment, for its count when it is wide enough (`fits`). */
  labelX: number;
  fits: boolean;
}

export interface StackedRow {
  label: string;
  total: number;
  y: number;
  height: number;
  /** Baseline-middle of the row, for its label left of the plot. */
  labelY: number;
  segments: StackedSegment[];
}

/** A row chart's size and the box its rows are plotted in. */
interface RowChartFrame {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
}

export interface StackedBarGeometry extends RowChartFrame {
  rows: StackedRow[];
  /** Grid lines at 0, 25, 50, 75 and 100 % of a row. */
  ticks: { share: number; x: number }[];
}

/**
 * One horizontal bar per row, each as long as the plot and split into its segments in proportion to their
 * share of the row (a distribution: the rows compare as shares whatever their sizes). Empty segments are
 * left out; a segment gets its count written inside when at least `minLabelWidth` wide.
 */
export function stackedBarGeometry(
  rows: { label: string; segments: { key: string; value: number }[] }[],
  options: { width: number; labelWidth?: number; rowHeight?: number; gap?: number; minLabelWidth?: number },
): StackedBarGeometry {
  const rowHeight = options.rowHeight ?? 22;
  const gap = options.gap ?? 10;
  const plot = { left: options.labelWidth ?? 180, top: 8, right: options.width - 16, bottom: 8 + rows.length * (rowHeight + gap) };
  const span = plot.right - plot.left;
  const placed = rows.map((row, i) => {
    const total = row.segments.reduce((s, g) => s + Math.max(0, g.value), 0);
    const y = round(plot.top + i * (rowHeight + gap) + gap / 2);
    let x = plot.left;
    const segments = row.segments
      .filter((g) => g.value > 0)
      .map((g) => {
        const width = round((span * g.value) / total);
        const segment = { key: g.key, value: g.value, x: round(x), width, labelX: round(x + width / 2), fits: width >= (options.minLabelWidth ?? 24) };
        x += width;
        return segment;
      });
    return { label: row.label, total, y, height: rowHeight, labelY: round(y + rowHeight / 2), segments };
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => ({ share, x: round(plot.left + share * span) }));
  return { width: options.width, height: plot.bottom + 22, plot, rows: placed, ticks };
}

export interface BenchmarkRowInput {
  label: string;
  /** The organization's own score. */
  score: number | null;
  /** The peers' five-number summary, or null where too few peers to show one. */
  distribution: { min: number; q1: number; median: number; q3: number; max: number } | null;
}

export interface BenchmarkRow {
  label: string;
  /** Where the row's label starts (left-aligned), on its baseline. */
  labelX: number;
  labelY: number;
  /** The centre line of the box and the marker. */
  y: number;
  /** The whiskers run min → q1 and q3 → max; the box q1 → q3, with a line at the median. */
  box: { min: number; q1: number; median: number; q3: number; max: number; top: number; height: number } | null;
  /** The organization's marker, and where its score is written (above it, kept inside the plot). */
  marker: { x: number; y: number; labelX: number; labelY: number } | null;
}

export interface BenchmarkGeometry extends RowChartFrame {
  rows: BenchmarkRow[];
  /** The score axis 0..max in steps of 1, under the rows. */
  ticks: { value: number; x: number }[];
}

/**
 * One row per figure (the composite score, then each dimension) on a shared 0..max score axis: the peers'
 * box (quartiles) with whiskers (min and max) and median line, and the organization's own marker. With
 * `labelWidth` the labels stand left of the plot; with 0 (a narrow screen) each label stands above its row.
 */
export function benchmarkGeometry(
  rows: readonly BenchmarkRowInput[],
  options: { width: number; labelWidth: number; rowHeight?: number; max?: number; boxHeight?: number },
): BenchmarkGeometry {
  const max = options.max ?? 5;
  const above = options.labelWidth === 0;
  const rowHeight = options.rowHeight ?? (above ? 58 : 44);
  const boxHeight = options.boxHeight ?? 14;
  const plot = { left: above ? 12 : options.labelWidth, top: 4, right: options.width - 16, bottom: 4 + rows.length * rowHeight };
  const x = (v: number) => round(plot.left + (clamp(v, 0, max) / max) * (plot.right - plot.left));
  const placed = rows.map((row, i) => {
    const rowTop = plot.top + i * rowHeight;
    // The own score is written above the marker, so the box sits in the lower part of the row.
    const y = round(rowTop + rowHeight - boxHeight / 2 - 6);
    const d = row.distribution;
    const box = d ? { min: x(d.min), q1: x(d.q1), median: x(d.median), q3: x(d.q3), max: x(d.max), top: round(y - boxHeight / 2), height: boxHeight } : null;
    const marker =
      row.score === null
        ? null
        : { x: x(row.score), y, labelX: round(clamp(x(row.score), plot.left + 14, plot.right - 14)), labelY: round(y - boxHeight / 2 - 5) };
    return {
      label: row.label,
      labelX: above ? plot.left : 0,
      labelY: round(above ? rowTop + 14 : y + 4),
      y,
      box,
      marker,
    };
  });
  const ticks = Array.from({ length: max + 1 }, (_, v) => ({ value: v, x: x(v) }));
  return { width: options.width, height: plot.bottom + 22, plot, rows: placed, ticks };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
