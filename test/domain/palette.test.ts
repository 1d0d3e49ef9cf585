import { describe, expect, it } from 'vitest';
import { BAND_OPACITY, LEVEL_COLOURS, LEVEL_INKS, OWN_MARKER, PEER_BOX, PEER_EDGE, paletteCss, SERIES_COLOURS, SERIES_DASHES, TREND_INK } from '../../server/domain/palette.js';

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('the level palette', () => {
  it('gives every level tag text of at least WCAG AA contrast (4.5:1)', () => {
    LEVEL_COLOURS.forEach((colour, level) => expect(contrast(colour, LEVEL_INKS[level]), `level ${level}`).toBeGreaterThanOrEqual(4.5));
  });

  it('draws the lines of the chart over time at least 3:1 against white and against every level band (WCAG 1.4.11)', () => {
    const tint = (hex: string) => '#' + [1, 3, 5].map((i) => Math.round(255 - (255 - parseInt(hex.slice(i, i + 2), 16)) * BAND_OPACITY).toString(16).padStart(2, '0')).join('');
    for (const line of [TREND_INK, ...SERIES_COLOURS]) {
      for (const background of ['#ffffff', ...LEVEL_COLOURS.map(tint)]) expect(contrast(line, background), `${line} on ${background}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('draws the benchmark box edge, median and own marker at least 3:1 against white and against the box fill', () => {
    for (const mark of [PEER_EDGE, OWN_MARKER]) {
      for (const background of ['#ffffff', PEER_BOX]) expect(contrast(mark, background), `${mark} on ${background}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('tells the dimension lines apart by colour and dash together, not by colour alone', () => {
    const styles = SERIES_COLOURS.map((c, i) => `${c} ${SERIES_DASHES[i % SERIES_DASHES.length]}`);
    expect(new Set(styles).size).toBe(SERIES_COLOURS.length);
    expect(new Set(SERIES_DASHES).size).toBeGreaterThan(1);
  });

  it('reaches the pages as CSS custom properties and tag rules', () => {
    const css = paletteCss();
    LEVEL_COLOURS.forEach((colour, level) => {
      expect(css).toContain(`--l${level}: ${colour};`);
      expect(css).toContain(`.tag.level-${level} { background: var(--l${level}); color: var(--l${level}-ink); }`);
    });
  });
});
