// The operator's figures and their suppression: nothing resting on fewer than 5 organizations is shown, and
// no suppressed figure can be worked out from a total and the figures beside it.
import { describe, expect, it } from 'vitest';
import { MIN_ORGANIZATIONS, programmeStats, suppressCounts, type Grouping, type SignedResult } from '../../server/domain/programme-stats.js';
import { MIN_PEERS } from '../../server/domain/scoring/benchmark.js';

let n = 0;
function org(industry: string, level: number, dims: Record<string, number> = { gov: level, tech: level }, extra: Partial<SignedResult> = {}): SignedResult {
  return { orgId: `o${++n}`, industry, province: '440000', sizeBand: 'medium', level, dimensions: dims, ...extra };
}
const times = (k: number, make: () => SignedResult) => Array.from({ length: k }, make);
const byIndustry: Grouping = { id: 'industry', keys: ['finance', 'energy', 'retail', 'ict'], of: (r) => r.industry };
const table = (results: SignedResult[]) => programmeStats(results, [byIndustry], ['gov', 'tech']).groupings[0];
const row = (results: SignedResult[], key: string) => table(results).rows.find((r) => r.key === key)!;

describe('the minimum number of organizations', () => {
  it('is the peer benchmark minimum, 5', () => {
    expect(MIN_ORGANIZATIONS).toBe(MIN_PEERS);
    expect(MIN_ORGANIZATIONS).toBe(5);
  });

  it('shows a group of exactly 5 organizations and suppresses one of 4 (the others making up at least 5)', () => {
    const results = [...times(5, () => org('finance', 2)), ...times(4, () => org('energy', 3)), org('retail', 1)];
    const finance = row(results, 'finance');
    expect(finance.organizations).toBe(5);
    expect(finance.levels).toEqual([null, null, 5, null, null, null]);
    expect(finance.meanLevel).toBe(2);
    expect(finance.dimensionMeans).toEqual([2, 2]);
    expect(finance.levelsSuppressed).toBe(0);
    const energy = row(results, 'energy');
    expect(energy).toMatchObject({ organizations: null, meanLevel: null, levelsSuppressed: 0 });
    expect(energy.levels.every((l) => l === null)).toBe(true);
    expect(energy.dimensionMeans).toEqual([null, null]);
    // An empty group looks exactly like a small one.
    expect(row(results, 'ict')).toEqual({ ...energy, key: 'ict' });
    expect(table(results).total.organizations).toBe(10);
  });

  it('suppresses everything, the total too, when fewer than 5 organizations signed', () => {
    const t = table(times(4, () => org('finance', 2)));
    expect(t.total.organizations).toBeNull();
    expect(t.total.meanLevel).toBeNull();
    expect(t.rows.every((r) => r.organizations === null)).toBe(true);
  });
});

describe('complementary suppression', () => {
  it('suppresses a shown group too when the hidden groups add up to fewer than 5 (total minus the shown ones)', () => {
    const results = [...times(5, () => org('finance', 2)), ...times(4, () => org('energy', 3))];
    const t = table(results);
    expect(t.rows.find((r) => r.key === 'finance')!.organizations).toBeNull();
    expect(t.rows.find((r) => r.key === 'energy')!.organizations).toBeNull();
    expect(t.total.organizations).toBe(9);
    // The total row's level counts: level 3's 4 is hidden, so level 2's 5 goes too (else 9 − 5 = 4 at the others).
    expect(t.total.levels).toEqual([null, null, null, null, null, null]);
  });

  it('hides a second level count of a group when the one hidden could be computed from the group count', () => {
    const results = [...times(6, () => org('finance', 1)), ...times(4, () => org('finance', 2)), ...times(10, () => org('energy', 1))];
    const finance = row(results, 'finance');
    expect(finance.organizations).toBe(10);
    expect(finance.levels).toEqual([null, null, null, null, null, null]);
    expect(finance.levelsSuppressed).toBe(10);
    expect(finance.meanLevel).toBeCloseTo(1.4);
  });

  it('does not let the bounds pin hidden counts: two hidden counts adding up to 8 must both be 4', () => {
    const s = suppressCounts({ cells: [[5, 5, 6, 7, 4, 4]], rowTotals: [31] });
    expect(s.cells[0]).toEqual([true, false, false, false, true, true]);
    const plain = suppressCounts({ cells: [[5, 5, 6, 7, 4, 3]], rowTotals: [30] });
    expect(plain.cells[0]).toEqual([false, false, false, false, true, true]);
  });

  it('does not let a suppressed total be the sum of shown parts', () => {
    const s = suppressCounts({ cells: [[0, 5, 0], [0, 0, 5]], rowTotals: [5, 5], colTotals: [0, 5, 5], total: 10 });
    expect(s.total).toBe(false);
    expect(s.colTotals).toEqual([true, false, false]);
    const hiddenTotal = suppressCounts({ cells: [[2, 2]], rowTotals: [4], colTotals: [2, 2], total: 4 });
    expect(hiddenTotal.total).toBe(true);
    expect(hiddenTotal.rowTotals).toEqual([true]);
  });

  it('leaves no line from which a suppressed figure or a figure of fewer than 5 can be computed (random tables)', () => {
    let seed = 7;
    const rnd = (k: number) => ((seed = (seed * 16807) % 2147483647) % k);
    for (let trial = 0; trial < 300; trial++) {
      const rows = 1 + rnd(6);
      const cells = Array.from({ length: rows }, () => Array.from({ length: 6 }, () => (rnd(3) === 0 ? 0 : rnd(12))));
      const rowTotals = cells.map((r) => r.reduce((a, b) => a + b, 0));
      const colTotals = cells[0].map((_, c) => cells.reduce((a, r) => a + r[c], 0));
      const total = rowTotals.reduce((a, b) => a + b, 0);
      const s = suppressCounts({ cells, rowTotals, colTotals, total });
      const lines = [
        ...cells.map((r, i) => ({ parts: r.map((v, c) => ({ v, h: s.cells[i][c] })), total: { v: rowTotals[i], h: s.rowTotals[i] } })),
        ...colTotals.map((t, c) => ({ parts: cells.map((r, i) => ({ v: r[c], h: s.cells[i][c] })), total: { v: t, h: s.colTotals[c] } })),
        { parts: rowTotals.map((v, i) => ({ v, h: s.rowTotals[i] })), total: { v: total, h: s.total } },
        { parts: colTotals.map((v, c) => ({ v, h: s.colTotals[c] })), total: { v: total, h: s.total } },
      ];
      for (const line of lines) {
        // Every figure below 5 is hidden.
        for (const p of [...line.parts, line.total]) if (p.v < 5) expect(p.h).toBe(true);
        if (line.total.h) {
          expect(line.parts.some((p) => p.h)).toBe(true);
          continue;
        }
        const hidden = line.parts.filter((p) => p.h);
        const rest = hidden.reduce((a, p) => a + p.v, 0);
        expect(rest === 0 || rest >= 5).toBe(true);
        if (hidden.length === 1) expect(rest).toBe(0);
      }
      // A hidden group hides its whole row.
      cells.forEach((r, i) => { if (s.rowTotals[i]) expect(s.cells[i].every(Boolean)).toBe(true); });
    }
  });
});

describe('dimension levels', () => {
  it('gives each dimension its level distribution over all organizations, suppressed the same way', () => {
    const results = [...times(5, () => org('finance', 2, { gov: 3, tech: 1 })), ...times(2, () => org('energy', 2, { gov: 3, tech: 2 }))];
    const [gov, tech] = programmeStats(results, [byIndustry], ['gov', 'tech']).dimensions;
    expect(gov).toMatchObject({ id: 'gov', organizations: 7, levels: [null, null, null, 7, null, null], meanLevel: 3, levelsSuppressed: 0 });
    // tech: 5 at level 1 and 2 at level 2: the 2 is hidden, so the 5 goes too (7 − 5 would give it away).
    expect(tech).toMatchObject({ organizations: 7, levels: [null, null, null, null, null, null], levelsSuppressed: 7 });
    expect(tech.meanLevel).toBeCloseTo(9 / 7);
  });
});
