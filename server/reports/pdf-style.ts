// The report's one type scale, page margins and colours, shared by every part of the PDF.
export type Doc = PDFKit.PDFDocument;

export const MARGIN = { top: 70, bottom: 64, left: 62, right: 62 };
export const TYPE = { title: 24, heading: 15, subheading: 11.5, body: 9.5, caption: 7.8 } as const;
export const INK = '#1d2733';
export const MUTED = '#5b6775';
export const RULE = '#d8dee6';
export const ACCENT = '#1f5fa8';
export const FILL = '#f3f6fa';
export const ALERT = '#b42318';

/** Sets font, size and colour in one call; returns the document for chaining. */
export function style(doc: Doc, size: number, font: 'body' | 'bold' = 'body', color = INK): Doc {
  return doc.font(font).fontSize(size).fillColor(color);
}
