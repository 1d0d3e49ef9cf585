// Draws the peer benchmark's figure with pdfkit from the geometry the assessment page uses
// (domain/charts.ts benchmarkGeometry): per row the peers' box, median and whiskers and the organization's
// diamond with its score, the 0–5 axis, the caption and the legend under it.
import type { BenchmarkView } from '../assessments/benchmark-view.js';
import { benchmarkGeometry, type BenchmarkGeometry, type Point } from '../domain/charts.js';
import { OWN_MARKER, PEER_BOX, PEER_EDGE } from '../domain/palette.js';
import { INK, MUTED, RULE, TYPE, style, type Doc } from './pdf-style.js';

const LABEL_WIDTH = 150;

/** The figure's geometry at the report's text width. */
export function pdfBenchmarkGeometry(figure: NonNullable<BenchmarkView['figure']>, width: number): BenchmarkGeometry {
  return benchmarkGeometry(figure, { width, labelWidth: LABEL_WIDTH, rowHeight: 36 });
}

function diamond(doc: Doc, at: [number, number], r: number): void {
  const [x, y] = at;
  doc.polygon([x, y - r], [x + r, y], [x, y + r], [x - r, y]).lineWidth(0.8).fillAndStroke(OWN_MARKER, '#ffffff');
}

/** The rows and the axis at `origin`; `rows[i]` gives row i's score as written, and its note where it has no distribution. Returns the y below. */
export function drawBenchmark(doc: Doc, g: BenchmarkGeometry, origin: Point, rows: BenchmarkView['rows']): number {
  const p = (x: number, y: number): [number, number] => [origin.x + x, origin.y + y];
  for (const tick of g.ticks) {
    doc.moveTo(...p(tick.x, g.plot.top)).lineTo(...p(tick.x, g.plot.bottom)).lineWidth(0.4).strokeColor(RULE).stroke();
    const [x, y] = p(tick.x, g.plot.bottom + 4);
    style(doc, TYPE.caption, 'body', MUTED).text(String(tick.value), x - 10, y, { width: 20, align: 'center', lineBreak: false });
  }
  g.rows.forEach((row, i) => {
    // The first row is the composite score.
    style(doc, TYPE.caption + 0.7, i === 0 ? 'bold' : 'body', INK);
    const h = doc.heightOfString(row.label, { width: LABEL_WIDTH - 10 });
    doc.text(row.label, origin.x + row.labelX, origin.y + row.y - h / 2, { width: LABEL_WIDTH - 10 });
    const b = row.box;
    if (b) {
      doc.moveTo(...p(b.min, row.y)).lineTo(...p(b.q1, row.y)).moveTo(...p(b.q3, row.y)).lineTo(...p(b.max, row.y)).lineWidth(0.8).strokeColor(PEER_EDGE).stroke();
      for (const end of [b.min, b.max]) doc.moveTo(...p(end, row.y - 4)).lineTo(...p(end, row.y + 4)).stroke();
      doc.rect(...p(b.q1, b.top), Math.max(b.q3 - b.q1, 0.8), b.height).lineWidth(0.8).fillAndStroke(PEER_BOX, PEER_EDGE);
      doc.moveTo(...p(b.median, b.top)).lineTo(...p(b.median, b.top + b.height)).lineWidth(1.8).strokeColor(PEER_EDGE).stroke();
    } else {
      const [x, y] = p(g.plot.left + 4, row.y + 8);
      style(doc, TYPE.caption, 'body', MUTED).text(rows[i]?.position ?? '', x, y - 4, { lineBreak: false });
    }
    if (row.marker) {
      diamond(doc, p(row.marker.x, row.y), 5);
      const [x, y] = p(row.marker.labelX, row.marker.labelY);
      style(doc, TYPE.caption, 'bold', OWN_MARKER).text(rows[i]?.score ?? '', x - 20, y - 8, { width: 40, align: 'center', lineBreak: false });
    }
  });
  return origin.y + g.height;
}

/** The legend under the figure: a swatch and a line for each mark. Returns the y below it. */
export function drawBenchmarkLegend(doc: Doc, origin: Point, width: number, legend: BenchmarkView['legend']): number {
  let y = origin.y;
  const line = (draw: (x: number, mid: number) => void, text: string) => {
    draw(origin.x, y + 5);
    style(doc, TYPE.caption, 'body', MUTED).text(text, origin.x + 22, y, { width: width - 22 });
    y = doc.y + 2;
  };
  line((x, mid) => doc.rect(x, mid - 4, 16, 8).lineWidth(0.8).fillAndStroke(PEER_BOX, PEER_EDGE), legend.box);
  line((x, mid) => doc.moveTo(x + 8, mid - 5).lineTo(x + 8, mid + 5).lineWidth(1.8).strokeColor(PEER_EDGE).stroke(), legend.median);
  line((x, mid) => doc.moveTo(x, mid).lineTo(x + 16, mid).moveTo(x, mid - 3).lineTo(x, mid + 3).moveTo(x + 16, mid - 3).lineTo(x + 16, mid + 3).lineWidth(0.8).strokeColor(PEER_EDGE).stroke(), legend.whiskers);
  line((x, mid) => diamond(doc, [x + 8, mid], 5), legend.marker);
  return y;
}
