// The dashboard's stacked bars (stackedBarGeometry): each row spans the plot, split in proportion to its segments.
import { describe, expect, it } from 'vitest';
import { stackedBarGeometry } from '../../server/domain/charts.js';

describe('stacked bars of a distribution', () => {
  it('splits each row across the full width in proportion, leaving out empty segments', () => {
    const g = stackedBarGeometry(
      [
        { label: 'A', segments: [{ key: 'L1', value: 5 }, { key: 'L2', value: 15 }, { key: 'L3', value: 0 }] },
        { label: 'B', segments: [{ key: 'L2', value: 6 }] },
      ],
      { width: 600, labelWidth: 200, rowHeight: 20, gap: 10 },
    );
    const span = g.plot.right - g.plot.left;
    const [a, b] = g.rows;
    expect(a.total).toBe(20);
    expect(a.segments.map((s) => s.key)).toEqual(['L1', 'L2']);
    expect(a.segments[0]).toMatchObject({ x: 200, width: span / 4 });
    expect(a.segments[1].x).toBe(200 + span / 4);
    expect(a.segments[1].x + a.segments[1].width).toBeCloseTo(g.plot.right, 1);
    expect(b.segments).toEqual([expect.objectContaining({ x: 200, width: span, fits: true })]);
    expect(b.y - a.y).toBe(30);
    expect(g.ticks.map((t) => t.x)).toEqual([200, 200 + span / 4, 200 + span / 2, 200 + (3 * span) / 4, g.plot.right]);
    expect(g.height).toBeGreaterThan(b.y + b.height);
  });

  it('writes a count only in a segment wide enough for it', () => {
    const g = stackedBarGeometry([{ label: 'A', segments: [{ key: 'L1', value: 1 }, { key: 'L2', value: 99 }] }], { width: 400, labelWidth: 100 });
    expect(g.rows[0].segments.map((s) => s.fits)).toEqual([false, true]);
  });
});
