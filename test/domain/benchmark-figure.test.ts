// The peer benchmark's figures and picture: quartiles by linear interpolation (hand-computed), the band
// the own score falls in, the box-and-whisker geometry, and the radar's distances for decimal scores.
import { describe, expect, it } from 'vitest';
import { benchmarkGeometry, radarGeometry } from '../../server/domain/charts.js';
import { benchmark, distributionOf, percentileBand, positionBand, quantile } from '../../server/domain/scoring/benchmark.js';

// Six peers, in no order. Sorted: 1.2 1.5 2.0 2.4 3.1 3.6 (n = 6, positions h = (n − 1)·p = 5p).
const PEERS = [3.1, 1.2, 2.4, 3.6, 1.5, 2.0];

describe('the peers\u2019 distribution', () => {
  it('computes quartiles by linear interpolation between closest ranks (type 7)', () => {
    const sorted = [...PEERS].sort((a, b) => a - b);
    // Q1: h = 1.25 → 1.5 + 0.25 × (2.0 − 1.5) = 1.625
    expect(quantile(sorted, 0.25)).toBe(1.625);
    // Median: h = 2.5 → 2.0 + 0.5 × (2.4 − 2.0) = 2.2
    expect(quantile(sorted, 0.5)).toBe(2.2);
    // Q3: h = 3.75 → 2.4 + 0.75 × (3.1 − 2.4) = 2.925
    expect(quantile(sorted, 0.75)).toBe(2.925);
    expect(quantile(sorted, 0)).toBe(1.2);
    expect(quantile(sorted, 1)).toBe(3.6);
    expect(distributionOf(PEERS)).toEqual({ min: 1.2, q1: 1.625, median: 2.2, q3: 2.925, max: 3.6 });
  });

  it('gives the middle values themselves for five peers (h = 1, 2, 3)', () => {
    expect(distributionOf([1, 0, 0.5, 0, 0.5])).toEqual({ min: 0, q1: 0, median: 0.5, q3: 0.5, max: 1 });
  });

  it('places the own score in a band of the distribution, a tie with the median counting as at the median', () => {
    const d = distributionOf(PEERS);
    expect(positionBand(3.0, d)).toBe('above-q3');
    expect(positionBand(2.925, d)).toBe('median-q3');
    expect(positionBand(2.2, d)).toBe('median-q3');
    expect(positionBand(2.19, d)).toBe('q1-median');
    expect(positionBand(1.625, d)).toBe('q1-median');
    expect(positionBand(1.6, d)).toBe('below-q1');
    expect([10, 25, 50, 80].map(percentileBand)).toEqual(['below-q1', 'q1-median', 'median-q3', 'above-q3']);
  });

  it('stores the distribution only from five peers on, and then the percentile rank too', () => {
    expect(benchmark(2, PEERS.slice(0, 4))).toEqual({ shown: false, peers: 4, reason: 'too-few-peers' });
    // Peers 3.1 1.2 2.4 3.6 1.5: three of five below 3.0 → percentile 60.
    expect(benchmark(3.0, PEERS.slice(0, 5))).toEqual({
      shown: true,
      peers: 5,
      percentile: 60,
      distribution: { min: 1.2, q1: 1.5, median: 2.4, q3: 3.1, max: 3.6 },
    });
  });
});

describe('the benchmark figure', () => {
  // Plot from x = 50 to 550: a score v lies at 50 + 100·v.
  const rows = [
    { label: 'Composite score', score: 2.5, distribution: distributionOf(PEERS) },
    { label: 'Data', score: 1.47, distribution: null },
    { label: 'Model engineering', score: null, distribution: distributionOf(PEERS) },
    { label: 'Outcomes', score: 5, distribution: distributionOf(PEERS) },
  ];

  it('draws the box from Q1 to Q3, the median line, whiskers to min and max and the own marker on a 0–5 axis', () => {
    const g = benchmarkGeometry(rows, { width: 566, labelWidth: 50 });
    expect(g.plot).toEqual({ left: 50, top: 4, right: 550, bottom: 4 + 4 * 44 });
    expect(g.ticks).toEqual([0, 1, 2, 3, 4, 5].map((value) => ({ value, x: 50 + 100 * value })));
    const [overall, data, model, outcomes] = g.rows;
    expect(overall.box).toMatchObject({ min: 170, q1: 212.5, median: 270, q3: 342.5, max: 410 });
    expect(overall.marker).toMatchObject({ x: 300, y: overall.y });
    // Each row 44 high; the box (14 high) sits 6 above the row's foot, the score written above it.
    expect(g.rows.map((r) => r.y)).toEqual([35, 79, 123, 167]);
    expect(overall.box!.top).toBe(28);
    expect(overall.marker!.labelY).toBe(23);
    // Labels left of the plot, on the row's line.
    expect(overall).toMatchObject({ labelX: 0, labelY: 39 });
    // A row with too few peers has no box, but still the own marker; a row without a score has no marker.
    expect(data.box).toBeNull();
    expect(data.marker!.x).toBe(197);
    expect(model.marker).toBeNull();
    // The score written at 5.00 stays inside the plot.
    expect(outcomes.marker).toMatchObject({ x: 550, labelX: 536 });
  });

  it('puts each label above its row on a narrow screen, clear of the score written over the marker', () => {
    const g = benchmarkGeometry(rows, { width: 360, labelWidth: 0 });
    expect(g.plot.left).toBe(12);
    expect(g.plot.right).toBe(344);
    g.rows.forEach((row, i) => {
      const rowTop = 4 + i * 58;
      expect(row.labelX).toBe(12);
      expect(row.labelY).toBe(rowTop + 14);
      // Score text (12 px) has its top about 12 above its baseline: below the label's baseline.
      if (row.marker) expect(row.marker.labelY - 12).toBeGreaterThan(row.labelY);
      // And the box stays inside its own row.
      if (row.box) expect(row.box.top + row.box.height).toBeLessThanOrEqual(rowTop + 58);
    });
  });
});

describe('the radar', () => {
  it('plots decimal dimension scores at their own distance: 1.47 and 1.77 differ, rings labelled 1–5', () => {
    const g = radarGeometry(
      [
        { label: 'A', value: 1.47 },
        { label: 'B', value: 1.77 },
        { label: 'C', value: 1.77 },
        { label: 'D', value: 1.47 },
      ],
      { width: 400, height: 400 },
    );
    const distance = (p: { x: number; y: number }) => Math.hypot(p.x - g.center.x, p.y - g.center.y);
    const [a, b] = g.shape.map(distance);
    // radius = 400 / 2 − 14 − 36 = 150: 1.47 → 44.1, 1.77 → 53.1.
    expect(g.radius).toBe(150);
    expect(a).toBeCloseTo(44.1, 1);
    expect(b).toBeCloseTo(53.1, 1);
    expect(g.ringLabels.map((r) => r.value)).toEqual([1, 2, 3, 4, 5]);
    expect(g.ringLabels.map((r) => g.center.y - r.at.y)).toEqual([30, 60, 90, 120, 150]);
  });
});
