// Reads PDFs the way a person's tools would: text with poppler's pdftotext, fonts with pdffonts,
// pages as PNG with pdftoppm. poppler-utils is installed by test/global-setup.ts where missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'superagent';

export function writeTemp(pdf: Buffer, name = 'report.pdf'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'zhiping-pdf-')), name);
  writeFileSync(file, pdf);
  return file;
}

export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', writeTemp(pdf), '-'], { encoding: 'utf8' });
}

export function pdfFonts(pdf: Buffer): string {
  return execFileSync('pdffonts', [writeTemp(pdf)], { encoding: 'utf8' });
}

export function pdfInfo(pdf: Buffer): string {
  return execFileSync('pdfinfo', [writeTemp(pdf)], { encoding: 'utf8' });
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
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', writeTemp(pdf), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
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
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(pages.first), '-l', String(pages.last), writeTemp(pdf), outPrefix]);
}

/** A supertest parser that collects a binary body (a PDF) into a Buffer. */
export function binaryParser(res: Response, cb: (err: Error | null, body: unknown) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}
