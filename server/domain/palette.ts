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

/** The palette as CSS custom properties and the level tags that use them (served as /static/palette.css). */
export function paletteCss(): string {
  const vars = LEVEL_COLOURS.map((c, k) => `--l${k}: ${c}; --l${k}-ink: ${LEVEL_INKS[k]};`).join(' ');
  const tags = LEVEL_COLOURS.map((_, k) => `.tag.level-${k} { background: var(--l${k}); color: var(--l${k}-ink); }`).join('\n');
  return `:root { ${vars} --unreached: ${UNREACHED}; --grid: ${GRID}; --grid-outer: ${GRID_OUTER}; }\n${tags}\n`;
}
