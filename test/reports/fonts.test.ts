// A thread that lays out reports (a report worker) parses each face of the CJK font once and shares it
// between its reports, and each report still embeds a subset of its own: the glyphs it uses, no more
// (none left over from an earlier report) and no fewer.
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { reportBenchInput } from '../../bench/report.js';
import type { ReportInput } from '../../server/reports/model.js';
import { buildReportModel } from '../../server/reports/model.js';
import { renderReportPdf } from '../../server/reports/pdf.js';
import { pdfFonts, pdfText } from '../helpers/pdf.js';

const parses = vi.hoisted(() => ({ count: 0 }));
vi.mock('fontkit', async (importOriginal) => {
  const fontkit = await importOriginal<typeof import('fontkit')>();
  return {
    ...fontkit,
    create: (...args: Parameters<typeof fontkit.create>) => {
      parses.count++;
      return fontkit.create(...args);
    },
  };
});

/** A character in no report text (labels, questionnaire, bench answers): only where an organization's name puts it. */
const RARE = '鑫';

/** The PDF's streams, inflated: the embedded font programs (TrueType) and the ToUnicode maps of its fonts. */
function fontStreams(pdf: Buffer): { programs: Buffer[]; cmaps: string[] } {
  const raw = pdf.toString('latin1');
  const streams: Buffer[] = [];
  for (const m of raw.matchAll(/\/Length (\d+)[^>]*>>\nstream\n/g)) {
    const start = m.index + m[0].length;
    try {
      streams.push(inflateSync(pdf.subarray(start, start + Number(m[1]))));
    } catch {
      // Not deflated (an image, the XMP metadata): no font in it.
    }
  }
  return {
    // A TrueType font program starts with its version: 'true' or 1.0.
    programs: streams.filter((s) => s.length > 4 && [0x74727565, 0x00010000].includes(s.readUInt32BE(0))),
    cmaps: streams.map((s) => s.toString('latin1')).filter((s) => s.includes('begincmap')),
  };
}

const hex = (ch: string) => ch.codePointAt(0)!.toString(16).padStart(4, '0');

function withOrganization(input: ReportInput, name: string): ReportInput {
  return { ...input, snapshot: { ...input.snapshot, organization: { ...input.snapshot.organization, name } } };
}

const render = (input: ReportInput) => renderReportPdf(buildReportModel(input, 'zh-CN'));

let plain: ReportInput;
let first: Buffer;
let rare: Buffer;
let again: Buffer;
beforeAll(async () => {
  plain = reportBenchInput();
  // In one thread, as in a report worker: a report, one with a character of its own, the first one again.
  first = await render(plain);
  rare = await render(withOrganization(plain, `${RARE}源精密制造股份有限公司`));
  again = await render(plain);
});

describe('the report fonts', () => {
  it('are parsed once per face in a thread, however many reports it lays out', () => {
    expect(parses.count).toBe(2);
  });

  it('embed in each report a subset holding the CJK text it sets', () => {
    for (const pdf of [first, rare, again]) {
      expect(pdfFonts(pdf)).toMatch(/[A-Z]{6}\+NotoSansSC-Regular\s+(CID )?TrueType.*yes\s+yes\s+yes/);
      expect(pdfFonts(pdf)).toMatch(/[A-Z]{6}\+NotoSansSC-Bold\s+(CID )?TrueType.*yes\s+yes\s+yes/);
      expect(pdfText(pdf)).toContain('执行摘要');
    }
    expect(pdfText(rare)).toContain(`${RARE}源精密制造股份有限公司`);
    expect(fontStreams(rare).cmaps.join('')).toMatch(new RegExp(`<${hex(RARE)}>`, 'i'));
  });

  it('leave out of a report the glyphs only an earlier report used', () => {
    expect(pdfText(first)).not.toContain(RARE);
    for (const pdf of [first, again]) expect(fontStreams(pdf).cmaps.join('')).not.toMatch(new RegExp(`<${hex(RARE)}>`, 'i'));
    // The same report embeds the very same font programs before and after another report's.
    const before = fontStreams(first);
    const after = fontStreams(again);
    expect(before.programs).toHaveLength(2);
    expect(after.programs.map((p) => p.toString('base64'))).toEqual(before.programs.map((p) => p.toString('base64')));
    expect(after.cmaps).toEqual(before.cmaps);
    const size = (programs: Buffer[]) => programs.reduce((n, p) => n + p.length, 0);
    expect(size(fontStreams(rare).programs)).toBeGreaterThan(size(before.programs));
  });
});
