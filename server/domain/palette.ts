// The one palette: a colour per maturity level (0 = not reached), used the same way in every chart,
// tag and table, on the pages (CSS custom properties generated from here), in the inline SVG charts
// and in the PDF. Each level colour has an ink for text drawn on it, chosen for WCAG AA contrast (4.5:1).
export const LEVEL_COLOURS = ['#9aa5b1', '#c0504d', '#e69138', '#d4b106', '#6aa84f', '#2e75b6'] as const;
export const LEVEL_INKS = ['#1d2733', '#ffffff', '#1d2733', '#1d2733', '#1d2733', '#ffffff'] as const;
/** A bar whose level score stays below the threshold. */
export const UNREACHED = '#b8c2cc';
/** Chart grid lines; the outer ring of the radar. */
export const GRID = '#d8dee6';
export const GRID_OUTER = '#9aa5b1';

/** The composite score's line in the chart over time. */
export const TREND_INK = '#1d2733';
/**
 * The dimension scores' lines in the chart over time, one per dimension in order: told apart by colour
 * and by dash (so not by colour alone), each colour at least 3:1 against white (WCAG 1.4.11).
 */
export const SERIES_COLOURS = ['#1f5fa8', '#b45309', '#2e7d32', '#8e24aa', '#00838f', '#c2185b', '#5d4037', '#607080'] as const;
export const SERIES_DASHES = ['', '7 4', '2 3', '9 3 2 3'] as const;
/** The peer benchmark: the peers' box (fill and edge, the median line in the edge colour) and the own marker, 3:1 against white and the box. */
export const PEER_BOX = '#dbe7f5';
export const PEER_EDGE = '#1f5fa8';
export const OWN_MARKER = '#b45309';
/** The level bands behind the chart over time: each level's colour at this opacity over white. */
export const BAND_OPACITY = 0.12;

/** The palette as CSS custom properties and the level tags that use them (served as /static/palette.css). */
export function paletteCss(): string {
  const vars = LEVEL_COLOURS.map((c, k) => `--l${k}: ${c}; --l${k}-ink: ${LEVEL_INKS[k]};`).join(' ');
  const tags = LEVEL_COLOURS.map((_, k) => `.tag.level-${k} { background: var(--l${k}); color: var(--l${k}-ink); }`).join('\n');
  return `:root { ${vars} --unreached: ${UNREACHED}; --grid: ${GRID}; --grid-outer: ${GRID_OUTER}; }\n${tags}\n`;
}
