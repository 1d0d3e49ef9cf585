// How the report's tables share their width: each column is sized to its content as measured in the
// report's font (a column of short IDs or grades stays narrow, the question and the answer get the room),
// and English wraps between words. Only a single word wider than its column is broken, with a hyphen.
import { TYPE, style, type Doc } from './pdf-style.js';

export interface Column {
  header: string;
  /** A fixed width; without it the column is sized to its content. */
  width?: number;
  align?: 'left' | 'right' | 'center';
}

/** The share of a table's width that a column of long text gets at least, if it is that wide at all. */
const COMFORTABLE_SHARE = 0.3;

/** The space between a cell's edge and its text. */
export const CELL_PAD = 4;

/**
 * Runs of text that should not be broken: no space and no CJK character in them (CJK may break anywhere).
 * A hyphenated word counts as one, so that an ID such as "st-04" is never split at its hyphen.
 */
const UNBREAKABLE = /[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]+/g;

/** Text as set in a table: cells in the body type, headers in the bold caption type. */
type Face = 'cell' | 'header';

/**
 * The widths of characters at size 1, measured once per process and font. Sharing out the columns
 * needs every line's width; summing these (kerning left out) is close enough for that, and far cheaper
 * than laying out each line. The lines themselves are laid out once, when they are drawn.
 */
const charWidths: Record<Face, Map<string, number>> = { cell: new Map(), header: new Map() };

function setFace(doc: Doc, face: Face): number {
  if (face === 'header') style(doc, TYPE.caption, 'bold');
  else style(doc, TYPE.body);
  return face === 'header' ? TYPE.caption : TYPE.body;
}

function measure(doc: Doc, face: Face, text: string): number {
  const widths = charWidths[face];
  let width = 0;
  let size = 0;
  for (const ch of text) {
    let w = widths.get(ch);
    if (w === undefined) {
      size ||= setFace(doc, face);
      w = doc.widthOfString(ch) / size;
      widths.set(ch, w);
    }
    width += w;
  }
  return width * (face === 'header' ? TYPE.caption : TYPE.body);
}

/** The widest unbreakable run of `texts`. */
function widestWord(doc: Doc, face: Face, texts: string[]): number {
  let widest = 0;
  for (const t of texts) for (const word of t.match(UNBREAKABLE) ?? []) widest = Math.max(widest, measure(doc, face, word));
  return widest;
}

/**
 * Widths for `columns` within `total`. Each column needs at least its widest word and would like its
 * longest line. When not every column can have its longest line, each first gets a comfortable width, and
 * the room beyond goes, a step at a time, to the column where it shortens the table most, as estimated
 * from the measured lines.
 */
export function fitColumns(doc: Doc, columns: Column[], rows: string[][], total: number): number[] {
  const pad = 2 * CELL_PAD;
  const least: number[] = [];
  const most: number[] = [];
  // lines[i][r]: the widths of the lines of row r's cell in column i, set without wrapping.
  const lines: number[][][] = [];
  columns.forEach((c, i) => {
    if (c.width !== undefined) {
      least.push(c.width);
      most.push(c.width);
      lines.push([]);
      return;
    }
    const cells = rows.map((r) => r[i] ?? '');
    const headerLeast = widestWord(doc, 'header', [c.header]);
    const headerMost = Math.max(...c.header.split('\n').map((line) => measure(doc, 'header', line)));
    const measured = cells.map((t) => (t ? t.split('\n').map((line) => measure(doc, 'cell', line)) : []));
    lines.push(measured);
    // A word wider than half the table (a long link, say) is broken rather than given the table.
    least.push(Math.min(Math.max(headerLeast, widestWord(doc, 'cell', cells)) + pad, total / 2));
    most.push(Math.max(headerMost, ...measured.flat()) + pad);
  });
  const flexible = columns.map((c) => c.width === undefined);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const room = total - sum(columns.map((c) => c.width ?? 0));
  const flexibleSum = (xs: number[]) => sum(xs.filter((_, i) => flexible[i]));
  if (flexibleSum(most) <= room) {
    // Every line fits unbroken: the spare width goes to the columns in proportion to their width.
    const spare = room - flexibleSum(most);
    const weight = flexibleSum(most) || 1;
    return most.map((w, i) => (flexible[i] ? w + (spare * w) / weight : w));
  }
  if (flexibleSum(least) > room) {
    // Not even the words fit: share the room by the words' widths; `breakLongWords` hyphenates what is still too wide.
    const weight = flexibleSum(least);
    return least.map((w, i) => (flexible[i] ? (room * w) / weight : w));
  }
  // A cell's height in lines at a width, smoothly (a fraction of a line counts): the table's is the sum
  // over the rows of the tallest cell. Plain loops: this runs for every step and column over every row and
  // line of the table (a 150-question appendix: tens of thousands of times), so it allocates nothing.
  const cellLines = (cell: number[], width: number) => {
    let n = 0;
    for (let k = 0; k < cell.length; k++) n += Math.max(1, cell[k] / (width - pad));
    return n;
  };
  const tableLines = (widths: number[]) => {
    let n = 0;
    for (let r = 0; r < rows.length; r++) {
      let tallest = 0;
      for (let i = 0; i < widths.length; i++) if (flexible[i]) tallest = Math.max(tallest, cellLines(lines[i][r], widths[i]));
      n += tallest;
    }
    return n;
  };
  // Each column first gets a comfortable width (its longest line, or else at least a share of the table)
  // so that a column of short answers is not squeezed for one of long questions.
  const comfortable = least.map((w, i) => (flexible[i] ? Math.min(most[i], Math.max(w, COMFORTABLE_SHARE * room)) : w));
  const widths = flexibleSum(comfortable) <= room ? comfortable : [...least];
  let spare = room - flexibleSum(widths);
  const step = Math.max(2, spare / 50);
  while (spare > 0.5) {
    const add = Math.min(step, spare);
    let best = -1;
    let bestLines = Infinity;
    widths.forEach((w, i) => {
      if (!flexible[i] || w >= most[i]) return;
      const tried = tableLines(widths.map((x, j) => (j === i ? Math.min(x + add, most[i]) : x)));
      if (tried < bestLines) [best, bestLines] = [i, tried];
    });
    if (best < 0) break;
    const given = Math.min(add, most[best] - widths[best]);
    widths[best] += given;
    spare -= given;
  }
  return widths;
}

/** `text` (set in the body type) with every word wider than `width` cut into pieces that fit, each ending in a hyphen (pdfkit breaks a line after one). */
export function breakLongWords(doc: Doc, text: string, width: number): string {
  // A word of n characters is no wider than n ems: most cells need no measuring at all.
  const safe = Math.floor(width / TYPE.body);
  if (!(text.match(UNBREAKABLE) ?? []).some((word) => word.length > safe)) return text;
  style(doc, TYPE.body);
  return text.replace(UNBREAKABLE, (word) => {
    if (word.length <= safe || doc.widthOfString(word) <= width) return word;
    const pieces: string[] = [];
    let rest = word;
    let restWidth = doc.widthOfString(rest);
    while (restWidth > width) {
      // Start from the average character's width, then step to the longest piece that fits with its hyphen.
      let n = Math.max(1, Math.min(rest.length - 1, Math.floor((width / restWidth) * rest.length)));
      while (n < rest.length - 1 && doc.widthOfString(`${rest.slice(0, n + 1)}-`) <= width) n++;
      while (n > 1 && doc.widthOfString(`${rest.slice(0, n)}-`) > width) n--;
      // Rather after a hyphen of the word itself, if one is in the second half of the piece: no hyphen added.
      const own = rest.lastIndexOf('-', n - 1) + 1;
      const piece = own > n / 2 ? rest.slice(0, own) : `${rest.slice(0, n)}-`;
      pieces.push(piece);
      rest = rest.slice(piece.endsWith('-') && own > n / 2 ? own : n);
      restWidth = doc.widthOfString(rest);
    }
    return [...pieces, rest].join('');
  });
}
