// fontkit, the font engine pdfkit uses, ships no types: the little of it that fonts.ts needs.
declare module 'fontkit' {
  /** A parsed font: pdfkit takes it as a font source (it has `layout`) and subsets it per document. */
  export interface Font {
    readonly postscriptName: string;
    layout(text: string, features?: unknown): unknown;
    createSubset(): unknown;
  }
  export function create(bytes: Uint8Array, postscriptName?: string): Font;
}
