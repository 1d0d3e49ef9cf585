// The programme operator's figures over signed results: how many organizations reached each level, and
// the mean level and dimension levels, by industry, province and size band, with every figure that rests on
// fewer than MIN_ORGANIZATIONS organizations suppressed, as the peer benchmark does.
//
// The suppression rule (applied to each table as a whole, since a table's totals tie its figures together):
//  1. Primary: a count below 5 (0 included, so that "—" never tells that someone is there) is suppressed;
//     a group of fewer than 5 organizations is suppressed as a whole (its count, level counts and means).
//  2. Complementary: a table is a set of lines whose parts add up to a published total: each group's level
//     counts add up to its organizations; each level's counts over the groups add up to the level's total;
//     the groups' organizations add up to all organizations; the levels' totals too. A line must not let the
//     suppressed parts be worked out: the suppressed parts of a line together must account for no
//     organization or for at least 5 (else their sum, total minus the shown parts, is itself a figure of
//     fewer than 5; with one suppressed part, that part exactly), and no suppressed part may be pinned to one
//     value by the bounds a reader knows (a primary suppression is 0–4, a complementary one at least 5: two
//     hidden primaries adding up to 8 are both 4). A suppressed total must not be the sum of shown parts.
//     While some line breaks this, its smallest shown part is suppressed too (or, when every part is hidden,
//     its total), and a group whose count is suppressed loses its whole row; repeated until every line holds.
//  3. Means: a mean is shown exactly where its group's organization count is shown (so at least 5 back it).
// Each line is checked on its own; a reader solving all lines of a table at once (linear programming) or
// combining a mean with its row's suppressed level counts could still narrow some cells: the rule bounds
// what a single sum gives away, as a statistics office's cell suppression does, not every inference.
import { MIN_PEERS } from './scoring/benchmark.js';

/** The fewest organizations a published figure may rest on (the peer benchmark's minimum). */
export const MIN_ORGANIZATIONS = MIN_PEERS;

/** Maturity levels 0 (below level 1) to 5. */
export const LEVELS = [0, 1, 2, 3, 4, 5] as const;

/** One organization's latest signed result in the period: its axes and its stored levels. */
export interface SignedResult {
  orgId: string;
  industry: string;
  province: string;
  sizeBand: string;
  level: number;
  /** Each dimension's level, by dimension id. */
  dimensions: Record<string, number>;
}

/** A published figure: its value, or null where it is suppressed. */
export type Figure = number | null;

// ── The suppression of one table ─────────────────────────────────────────────────────────────────────

interface Entry {
  value: number;
  hidden: boolean;
  /** Hidden because it is below the minimum (0–4); otherwise hidden to protect another (at least 5). */
  primary: boolean;
}

interface Line {
  parts: Entry[];
  total: Entry;
}

/** A table of counts: cells[row][column], with the totals that are published beside them. */
export interface CountTable {
  cells: number[][];
  rowTotals: number[];
  /** Each column's total over the rows; absent when the table has no total row. */
  colTotals?: number[];
  /** The total of the row totals; absent when the rows do not add up to anything published. */
  total?: number;
}

/** The same shape with `true` where a figure is suppressed. */
export interface Suppression {
  cells: boolean[][];
  rowTotals: boolean[];
  colTotals: boolean[];
  total: boolean;
}

const entry = (value: number): Entry => ({ value, hidden: value < MIN_ORGANIZATIONS, primary: value < MIN_ORGANIZATIONS });

/** Whether a line lets a reader work out (part of) what its suppressed entries hide. */
function breaks(line: Line): boolean {
  const hidden = line.parts.filter((p) => p.hidden);
  if (line.total.hidden) return hidden.length === 0 && line.parts.length > 0;
  if (hidden.length === 0) return false;
  const rest = line.total.value - line.parts.filter((p) => !p.hidden).reduce((s, p) => s + p.value, 0);
  if (rest > 0 && rest < MIN_ORGANIZATIONS) return true;
  const lo = (p: Entry) => (p.primary ? 0 : MIN_ORGANIZATIONS);
  const hi = (p: Entry) => (p.primary ? MIN_ORGANIZATIONS - 1 : Infinity);
  // Each hidden part's range given the others' bounds: the others hold at least their lows, at most their highs.
  const primaries = hidden.filter((p) => p.primary).length;
  const complementary = hidden.length - primaries;
  return hidden.some((p) => {
    const othersLo = (complementary - (p.primary ? 0 : 1)) * MIN_ORGANIZATIONS;
    const othersHi = complementary - (p.primary ? 0 : 1) > 0 ? Infinity : (primaries - (p.primary ? 1 : 0)) * (MIN_ORGANIZATIONS - 1);
    const least = Math.max(lo(p), rest - othersHi);
    const most = Math.min(hi(p), rest - othersLo);
    return least === most && least > 0;
  });
}

/** Hides one more entry of a broken line: its smallest shown part, or its total when every part is hidden. */
function widen(line: Line): void {
  const shown = line.parts.filter((p) => !p.hidden);
  const target = shown.length ? shown.reduce((a, b) => (b.value < a.value ? b : a)) : line.total;
  target.hidden = true;
}

/** Which figures of a table of counts are suppressed, by the rule at the top of this file. */
export function suppressCounts(table: CountTable): Suppression {
  const cells = table.cells.map((row) => row.map(entry));
  const rowTotals = table.rowTotals.map(entry);
  const colTotals = table.colTotals?.map(entry);
  const total = table.total === undefined ? undefined : entry(table.total);
  const lines: Line[] = cells.map((row, r) => ({ parts: row, total: rowTotals[r] }));
  if (colTotals) colTotals.forEach((t, c) => lines.push({ parts: cells.map((row) => row[c]), total: t }));
  if (total) {
    lines.push({ parts: rowTotals, total });
    if (colTotals) lines.push({ parts: colTotals, total });
  }
  for (;;) {
    // A group whose count is hidden is hidden as a whole.
    const partial = cells.findIndex((row, r) => rowTotals[r].hidden && row.some((c) => !c.hidden));
    if (partial >= 0) {
      for (const c of cells[partial]) c.hidden = true;
      continue;
    }
    const broken = lines.find(breaks);
    if (!broken) break;
    widen(broken);
  }
  return {
    cells: cells.map((row) => row.map((c) => c.hidden)),
    rowTotals: rowTotals.map((t) => t.hidden),
    colTotals: colTotals?.map((t) => t.hidden) ?? [],
    total: total?.hidden ?? false,
  };
}

// ── The programme's tables ───────────────────────────────────────────────────────────────────────────

export type GroupingId = 'industry' | 'province' | 'size';

export interface Grouping {
  id: GroupingId;
  /** Every group in the catalogue's order: groups without organizations are listed (and suppressed) too. */
  keys: readonly string[];
  of(result: SignedResult): string;
}

/** One group's published figures (null where suppressed). */
export interface GroupFigures {
  key: string;
  organizations: Figure;
  /** Organizations at level 0..5. */
  levels: Figure[];
  /** Organizations of the group whose level counts are suppressed although the group is shown: 0 or at least 5. */
  levelsSuppressed: number;
  meanLevel: Figure;
  /** The mean level of each dimension, in the order of `dimensionIds`. */
  dimensionMeans: Figure[];
}

export interface GroupingTable {
  id: GroupingId;
  rows: GroupFigures[];
  total: GroupFigures;
}

/** The level distribution of one dimension over all organizations. */
export interface DimensionFigures {
  id: string;
  organizations: Figure;
  levels: Figure[];
  levelsSuppressed: number;
  meanLevel: Figure;
}

export interface ProgrammeStats {
  organizations: number;
  groupings: GroupingTable[];
  dimensions: DimensionFigures[];
}

const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0);

function dimensionMean(members: readonly SignedResult[], dimensionId: string): number {
  let sum = 0;
  let count = 0;
  for (const m of members) {
    const level = m.dimensions[dimensionId];
    if (level === undefined) continue;
    sum += level;
    count++;
  }
  return count ? sum / count : 0;
}

function levelCounts(levels: number[]): number[] {
  const counts = LEVELS.map(() => 0);
  for (const l of levels) counts[Math.max(0, Math.min(5, Math.trunc(l)))]++;
  return counts;
}

function figures(key: string, members: SignedResult[], dimensionIds: readonly string[], counts: number[], hiddenCells: boolean[], hiddenTotal: boolean): GroupFigures {
  const shown = (v: number, hidden: boolean): Figure => (hidden ? null : v);
  return {
    key,
    organizations: shown(members.length, hiddenTotal),
    levels: counts.map((c, k) => shown(c, hiddenCells[k])),
    levelsSuppressed: hiddenTotal ? 0 : counts.reduce((s, c, k) => s + (hiddenCells[k] ? c : 0), 0),
    meanLevel: hiddenTotal ? null : mean(members.map((m) => m.level)),
    dimensionMeans: dimensionIds.map((d) => (hiddenTotal ? null : dimensionMean(members, d))),
  };
}

function groupingTable(results: readonly SignedResult[], grouping: Grouping, dimensionIds: readonly string[]): GroupingTable {
  const byKey = new Map<string, SignedResult[]>(grouping.keys.map((key) => [key, []]));
  for (const r of results) byKey.get(grouping.of(r))?.push(r);
  const members = grouping.keys.map((key) => byKey.get(key)!);
  const cells = members.map((m) => levelCounts(m.map((r) => r.level)));
  const all = levelCounts(results.map((r) => r.level));
  const hidden = suppressCounts({ cells, rowTotals: members.map((m) => m.length), colTotals: all, total: results.length });
  return {
    id: grouping.id,
    rows: grouping.keys.map((key, i) => figures(key, members[i], dimensionIds, cells[i], hidden.cells[i], hidden.rowTotals[i])),
    total: figures('all', [...results], dimensionIds, all, hidden.colTotals, hidden.total),
  };
}

function dimensionTable(results: readonly SignedResult[], dimensionIds: readonly string[]): DimensionFigures[] {
  const levels = dimensionIds.map((d) => results.flatMap((r) => (d in r.dimensions ? [r.dimensions[d]] : [])));
  const cells = levels.map(levelCounts);
  // Each dimension's counts add up to its organizations; there is no total across dimensions.
  const hidden = suppressCounts({ cells, rowTotals: levels.map((l) => l.length) });
  return dimensionIds.map((id, i) => {
    const shownRow = !hidden.rowTotals[i];
    return {
      id,
      organizations: shownRow ? levels[i].length : null,
      levels: cells[i].map((c, k) => (hidden.cells[i][k] ? null : c)),
      levelsSuppressed: shownRow ? cells[i].reduce((s, c, k) => s + (hidden.cells[i][k] ? c : 0), 0) : 0,
      meanLevel: shownRow ? mean(levels[i]) : null,
    };
  });
}

/** Every table of the dashboard over the organizations' latest signed results (one per organization). */
export function programmeStats(results: readonly SignedResult[], groupings: readonly Grouping[], dimensionIds: readonly string[]): ProgrammeStats {
  return {
    organizations: results.length,
    groupings: groupings.map((g) => groupingTable(results, g, dimensionIds)),
    dimensions: dimensionTable(results, dimensionIds),
  };
}
