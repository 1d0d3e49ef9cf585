// The report's logical structure (a tagged PDF), so a screen reader reads it in order and knows headings,
// lists, tables and figures: every piece of text is drawn inside a structure element, and what only
// decorates (rules, fills, running headers and footers, the DRAFT mark, repeated table headers) is marked
// as an artifact. pdfkit ends and restarts an open marked-content sequence when text flows onto a new
// page; a page added by hand must therefore be added outside `leaf`'s drawing, never inside it.
import type { Doc } from './pdf-style.js';

/** What a structure element may carry besides its type: pdfkit 0.20 also takes a table cell's scope and a figure's box. */
export interface TagOptions {
  alt?: string;
  /** The text a reader reads instead of the drawn pieces. */
  actual?: string;
  lang?: string;
  scope?: 'Row' | 'Column' | 'Both';
  bbox?: [number, number, number, number];
  placement?: 'Block' | 'Inline';
}

export class StructureTags {
  private readonly open: PDFKit.PDFStructureElement[];

  constructor(private readonly doc: Doc) {
    const root = doc.struct('Document');
    doc.addStructure(root);
    this.open = [root];
  }

  private get current(): PDFKit.PDFStructureElement {
    return this.open[this.open.length - 1];
  }

  /** An element whose content is what `draw` puts on the page, under the element open now. */
  leaf(type: string, draw: () => void, options: TagOptions = {}): void {
    this.current.add(this.doc.struct(type, options as PDFKit.Mixins.StructureElementOptions, draw));
  }

  /** Opens a grouping element (Sect, Table, TR, L, LI…) under the element open now; `close` ends it. */
  begin(type: string, options: TagOptions = {}): PDFKit.PDFStructureElement {
    const element = this.doc.struct(type, options as PDFKit.Mixins.StructureElementOptions);
    this.current.add(element);
    this.open.push(element);
    return element;
  }

  close(): void {
    if (this.open.length > 1) this.open.pop()!.end();
  }

  /** Closes open elements until `depth` remain (1: only the document). */
  closeTo(depth: number): void {
    while (this.open.length > depth) this.close();
  }

  get depth(): number {
    return this.open.length;
  }

  /** An element placed under the open one now and filled later (the contents page): `within`, then its `end()`. */
  reserve(type: string): PDFKit.PDFStructureElement {
    const element = this.doc.struct(type);
    this.current.add(element);
    return element;
  }

  /** Runs `body` with `element` as the open element. */
  within(element: PDFKit.PDFStructureElement, body: () => void): void {
    this.open.push(element);
    try {
      body();
    } finally {
      this.open.pop();
    }
  }

  /** Drawing that only decorates: readers skip it. Never call it inside a `leaf`'s drawing. */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    this.doc.markContent('Artifact', { type });
    draw();
    this.doc.endMarkedContent();
  }
}
