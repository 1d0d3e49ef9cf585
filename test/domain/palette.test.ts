import { describe, expect, it } from 'vitest';
import { LEVEL_COLOURS, LEVEL_INKS, paletteCss } from '../../server/domain/palette.js';

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

  it('reaches the pages as CSS custom properties and tag rules', () => {
    const css = paletteCss();
    LEVEL_COLOURS.forEach((colour, level) => {
      expect(css).toContain(`--l${level}: ${colour};`);
      expect(css).toContain(`.tag.level-${level} { background: var(--l${level}); color: var(--l${level}-ink); }`);
    });
  });
});
