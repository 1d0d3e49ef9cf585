// Draws the report's charts with pdfkit from the geometry the HTML pages use (domain/charts.ts):
// the radar of dimension levels, the bar chart of level scores, and the level colour legend.
import type { BarGeometry, Point, RadarGeometry } from '../domain/charts.js';
import { GRID_OUTER, LEVEL_COLOURS, UNREACHED } from '../domain/palette.js';
import { ALERT, ACCENT, INK, MUTED, RULE, TYPE, style, type Doc } from './pdf-style.js';

const LABEL_WIDTH = 110;

/** `levels[i]` is the level of the i-th axis, shown after its label and as its vertex colour. */
export function drawRadar(doc: Doc, g: RadarGeometry, origin: Point, levels: number[]): void {
  const p = (pt: Point): [number, number] => [origin.x + pt.x, origin.y + pt.y];
  g.rings.forEach((ring, k) => doc.polygon(...ring.map(p)).lineWidth(0.5).strokeColor(k === g.rings.length - 1 ? GRID_OUTER : RULE).stroke());
  for (const ring of g.ringLabels) {
    const [lx, ly] = p(ring.at);
    style(doc, TYPE.caption - 1, 'body', MUTED).text(String(ring.value), lx, ly - 4, { lineBreak: false });
  }
  for (const axis of g.axes) doc.moveTo(...p(g.center)).lineTo(...p(axis.end)).lineWidth(0.5).strokeColor(RULE).stroke();
  doc.polygon(...g.shape.map(p)).lineWidth(1.5).fillOpacity(0.18).fillAndStroke(ACCENT, ACCENT);
  doc.fillOpacity(1);
  g.shape.forEach((pt, i) => doc.circle(...p(pt), 3.2).fill(LEVEL_COLOURS[levels[i]]));
  g.axes.forEach((axis, i) => {
    const [x, y] = p(axis.labelAt);
    const label = `${axis.label} (L${levels[i]})`;
    const align = axis.anchor === 'end' ? 'right' : axis.anchor === 'middle' ? 'center' : 'left';
    const left = axis.anchor === 'middle' ? x - LABEL_WIDTH / 2 : axis.anchor === 'end' ? x - LABEL_WIDTH : x;
    style(doc, TYPE.caption, 'body', INK);
    const h = doc.heightOfString(label, { width: LABEL_WIDTH, align });
    // The top label sits above its axis end; the others are centred on it.
    const top = axis.end.y < g.center.y - 1 && axis.anchor === 'middle' ? y - h : y - h / 2;
    doc.text(label, left, top, { width: LABEL_WIDTH, align });
  });
}

export function drawLevelBars(doc: Doc, g: BarGeometry, origin: Point, levelNames: string[], fmt: (v: number, digits?: number) => string): void {
  const { x: ox, y: oy } = origin;
  for (const tick of g.ticks) {
    doc.moveTo(ox + g.plot.left, oy + tick.y).lineTo(ox + g.plot.right, oy + tick.y).lineWidth(0.3).strokeColor(RULE).stroke();
    style(doc, TYPE.caption - 0.5, 'body', MUTED).text(fmt(tick.value, 1), ox, oy + tick.y - 4, { width: g.plot.left - 6, align: 'right' });
  }
  for (const bar of g.bars) {
    if (bar.height > 0) doc.rect(ox + bar.x, oy + bar.y, bar.width, bar.height).fill(bar.reached ? LEVEL_COLOURS[bar.level] : UNREACHED);
    style(doc, TYPE.caption, 'bold', INK).text(fmt(bar.value), ox + bar.labelX - 30, oy + bar.y - 11, { width: 60, align: 'center' });
    style(doc, TYPE.caption, 'body', INK).text(`T(${bar.level}) ${levelNames[bar.level - 1]}`, ox + bar.labelX - 45, oy + g.plot.bottom + 5, {
      width: 90,
      align: 'center',
    });
  }
  doc
    .moveTo(ox + g.plot.left, oy + g.thresholdY)
    .lineTo(ox + g.plot.right, oy + g.thresholdY)
    .dash(4, { space: 3 })
    .lineWidth(1)
    .strokeColor(ALERT)
    .stroke()
    .undash();
  style(doc, TYPE.caption, 'bold', ALERT).text(fmt(g.threshold), ox + g.plot.right - 30, oy + g.thresholdY - 11, { width: 30, align: 'right' });
}

/** One swatch per level (0 = not reached), wrapping to a new line within `width`; returns the y below it. */
export function drawLevelLegend(doc: Doc, origin: Point, width: number, labels: string[]): number {
  let x = origin.x;
  let top = origin.y;
  labels.forEach((label, level) => {
    style(doc, TYPE.caption, 'body', MUTED);
    const w = doc.widthOfString(label) + 11;
    if (x + w > origin.x + width) {
      x = origin.x;
      top += 14;
    }
    doc.rect(x, top + 1, 8, 8).fill(LEVEL_COLOURS[level]);
    style(doc, TYPE.caption, 'body', MUTED).text(label, x + 11, top, { lineBreak: false });
    x += w + 14;
  });
  return top + 16;
}

/** The bar chart's key: a bar in its level's colour is reached, a grey one is not; the dashed line is the threshold. Returns the y below it. */
export function drawBarLegend(doc: Doc, origin: Point, width: number, labels: { reached: string; notReached: string; threshold: string }): number {
  style(doc, TYPE.caption, 'body', MUTED);
  const gap = 16;
  const reachedWidth = 5 * 5 + 4 + doc.widthOfString(labels.reached);
  const notReachedWidth = 8 + 4 + doc.widthOfString(labels.notReached);
  const thresholdWidth = 18 + 4 + doc.widthOfString(labels.threshold);
  let x = origin.x + Math.max(0, (width - reachedWidth - notReachedWidth - thresholdWidth - 2 * gap) / 2);
  const top = origin.y;
  // One small swatch per level: "in the level's colour".
  for (let level = 1; level <= 5; level++) doc.rect(x + (level - 1) * 5, top + 1, 5, 8).fill(LEVEL_COLOURS[level]);
  style(doc, TYPE.caption, 'body', MUTED).text(labels.reached, x + 29, top, { lineBreak: false });
  x += reachedWidth + gap;
  doc.rect(x, top + 1, 8, 8).fill(UNREACHED);
  style(doc, TYPE.caption, 'body', MUTED).text(labels.notReached, x + 12, top, { lineBreak: false });
  x += notReachedWidth + gap;
  doc.moveTo(x, top + 5).lineTo(x + 18, top + 5).dash(4, { space: 3 }).lineWidth(1).strokeColor(ALERT).stroke().undash();
  style(doc, TYPE.caption, 'body', MUTED).text(labels.threshold, x + 22, top, { lineBreak: false });
  return top + 16;
}
