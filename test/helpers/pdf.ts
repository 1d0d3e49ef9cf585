// Reads PDFs the way a person's tools would: text with poppler's pdftotext, fonts with pdffonts,
// pages as PNG with pdftoppm. poppler-utils is installed by test/global-setup.ts where missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'superagent';

/** Runs `use` on the PDF written to a temporary file, and removes the file afterwards. */
export function withPdfFile<T>(pdf: Buffer, use: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'zhiping-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const run = (command: string, args: (file: string) => string[]) => (pdf: Buffer) =>
  withPdfFile(pdf, (file) => execFileSync(command, args(file), { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));

export const pdfText = run('pdftotext', (file) => ['-enc', 'UTF-8', file, '-']);
export const pdfFonts = run('pdffonts', (file) => [file]);
export const pdfInfo = run('pdfinfo', (file) => [file]);
/** A tagged PDF's structure tree with the text of each element, as poppler reads it (pdfinfo -struct-text). */
export const pdfStructure = run('pdfinfo', (file) => ['-struct-text', file]);
export interface StructElement {
  type: string;
  /** The element's own text (its content, without its children's). */
  text: string;
  children: StructElement[];
}

/** The structure tree of pdfinfo -struct-text: two spaces of indent per level, attributes and text below their element. */
export function parseStructure(out: string): StructElement[] {
  const root: StructElement = { type: '', text: '', children: [] };
  const path: { depth: number; el: StructElement }[] = [{ depth: -1, el: root }];
  for (const line of out.split('\n')) {
    const depth = line.length - line.trimStart().length;
    const body = line.trim();
    if (!body || body.startsWith('/')) continue;
    while (path.length > 1 && path.at(-1)!.depth >= depth) path.pop();
    const parent = path.at(-1)!.el;
    if (body.startsWith('"')) {
      parent.text += body.slice(1, -1);
      continue;
    }
    const el: StructElement = { type: body.replace(/[\s:(].*$/, ''), text: '', children: [] };
    parent.children.push(el);
    path.push({ depth, el });
  }
  return root.children;
}

/** Named destinations with their pages (pdfinfo -dests). */
export const pdfDestinations = run('pdfinfo', (file) => ['-dests', file]);

export interface OutlineItem {
  title: string;
  page: number;
  children: OutlineItem[];
}

/** The bookmarks (the document outline) with their pages, as poppler's pdftohtml -xml reads them. */
export function pdfOutline(pdf: Buffer): OutlineItem[] {
  const xml = run('pdftohtml', (file) => ['-xml', '-stdout', '-i', '-q', file])(pdf);
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const root: OutlineItem[] = [];
  const stack: OutlineItem[][] = [];
  let current: OutlineItem[] | null = null;
  for (const token of xml.matchAll(/<outline>|<\/outline>|<item page="(\d+)">([^<]*)<\/item>/g)) {
    if (token[0] === '<outline>') {
      const into: OutlineItem[] = current === null ? root : (current.at(-1)?.children ?? current);
      if (current !== null) stack.push(current);
      current = into;
    } else if (token[0] === '</outline>') current = stack.pop() ?? null;
    else current?.push({ title: unescape(token[2]), page: Number(token[1]), children: [] });
  }
  return root;
}

/** pdfsig's report on the file's signatures; it exits 0 for an invalid signature too, so the text is what counts. */
export function pdfSignatures(pdf: Buffer): string {
  return withPdfFile(pdf, (file) => {
    const out = spawnSync('pdfsig', [file], { encoding: 'utf8' });
    if (out.error) throw out.error;
    return out.stdout + out.stderr;
  });
}

export interface WordBox {
  page: number;
  pageWidth: number;
  pageHeight: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

/** Every word with its box, from pdftotext -bbox. */
export function pdfWordBoxes(pdf: Buffer): WordBox[] {
  const html = run('pdftotext', (file) => ['-bbox', '-enc', 'UTF-8', file, '-'])(pdf);
  const boxes: WordBox[] = [];
  let page = 0;
  let pageWidth = 0;
  let pageHeight = 0;
  for (const line of html.split('\n')) {
    const p = /<page width="([\d.]+)" height="([\d.]+)">/.exec(line);
    if (p) {
      page++;
      pageWidth = Number(p[1]);
      pageHeight = Number(p[2]);
      continue;
    }
    const w = /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*)<\/word>/.exec(line);
    if (w) boxes.push({ page, pageWidth, pageHeight, xMin: +w[1], yMin: +w[2], xMax: +w[3], yMax: +w[4], text: w[5] });
  }
  return boxes;
}

export function pdfToPngs(pdf: Buffer, outPrefix: string, pages: { first: number; last: number }): void {
  withPdfFile(pdf, (file) => execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(pages.first), '-l', String(pages.last), file, outPrefix]));
}

/** A supertest parser that collects a binary body (a PDF) into a Buffer. */
export function binaryParser(res: Response, cb: (err: Error | null, body: unknown) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}
