// The chart over time (trendGeometry): evenly spaced assessments, values on the 0..5 scale, gaps where a
// series has no value, dates written only where there is room, and the composite score's level bands.
import { describe, expect, it } from 'vitest';
import { trendGeometry } from '../../server/domain/charts.js';

const options = { width: 760, height: 360, max: 5, threshold: 0.8 };

describe('the chart over time', () => {
  it('places each assessment evenly from left to right and each value on the 0..5 scale', () => {
    const g = trendGeometry(3, [[1.5, 2.47, 5]], options);
    const { left, right, top, bottom } = g.plot;
    expect(g.xs.map((x) => x.x)).toEqual([left + 28, (left + right) / 2, right - 28]);
    const ys = g.series[0].points.map((p) => p.y);
    expect(ys[2]).toBe(top);
    expect(ys[0]).toBeCloseTo(bottom - (1.5 / 5) * (bottom - top), 1);
    expect(ys[1]).toBeCloseTo(bottom - (2.47 / 5) * (bottom - top), 1);
    expect(g.series[0].segments).toEqual([g.series[0].points.map(({ x, y }) => ({ x, y }))]);
    expect(g.ticks.map((t) => t.value)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(g.ticks[0].y).toBe(bottom);
  });

  it('breaks a line where a series has no value, and keeps a lone value as a point', () => {
    const g = trendGeometry(5, [[1, null, 2, 3, null], [null, null, null, null, 4]], options);
    const [a, b] = g.series;
    expect(a.points.map((p) => p.index)).toEqual([0, 2, 3]);
    expect(a.segments).toHaveLength(1);
    expect(a.segments[0]).toHaveLength(2);
    expect(b.points.map((p) => p.index)).toEqual([4]);
    expect(b.segments).toEqual([]);
  });

  it('centres a single assessment', () => {
    const g = trendGeometry(1, [[3.2]], options);
    expect(g.xs).toEqual([{ x: (g.plot.left + g.plot.right) / 2, labelled: true }]);
  });

  it('writes every date while they fit, and only some (always the newest) when they would collide', () => {
    expect(trendGeometry(4, [], options).xs.every((x) => x.labelled)).toBe(true);
    const crowded = trendGeometry(20, [], options).xs;
    const labelled = crowded.map((x, i) => (x.labelled ? i : -1)).filter((i) => i >= 0);
    expect(labelled.at(-1)).toBe(19);
    expect(labelled.length).toBeLessThan(20);
    const gaps = labelled.slice(1).map((i, k) => crowded[i].x - crowded[labelled[k]].x);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(110);
  });

  it('shades the level bands of the composite score: level k from k − 0.2, level 0 from 0', () => {
    const g = trendGeometry(2, [], options);
    const y = (v: number) => g.plot.bottom - (v / 5) * (g.plot.bottom - g.plot.top);
    expect(g.bands.map((b) => b.level)).toEqual([0, 1, 2, 3, 4, 5]);
    const [zero, one, , , , five] = g.bands;
    expect(zero.bottom).toBeCloseTo(y(0), 1);
    expect(zero.top).toBeCloseTo(y(0.8), 1);
    expect(one.bottom).toBeCloseTo(y(0.8), 1);
    expect(one.top).toBeCloseTo(y(1.8), 1);
    expect(five.bottom).toBeCloseTo(y(4.8), 1);
    expect(five.top).toBeCloseTo(y(5), 1);
  });
});
