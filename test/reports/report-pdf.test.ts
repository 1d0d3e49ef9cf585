import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportInput } from '../../server/reports/model.js';
import { buildReportModel } from '../../server/reports/model.js';
import { renderReportPdf } from '../../server/reports/pdf.js';
import { reportBenchInput } from '../../bench/report.js';
import { pdfFonts, pdfInfo, pdfText, pdfToPngs, pdfWordBoxes } from '../helpers/pdf.js';

const squash = (s: string) => s.replace(/\s+/g, '');

let input: ReportInput;
const pdfs: Record<string, Buffer> = {};
beforeAll(async () => {
  input = reportBenchInput();
  for (const lang of ['zh-CN', 'en'] as const) pdfs[lang] = await renderReportPdf(buildReportModel(input, lang));
});

describe('the PDF report of a 150-question assessment', () => {
  it.each(['zh-CN', 'en'] as const)('states the level, score, dimension names and recommendations (%s)', (lang) => {
    const text = pdfText(pdfs[lang]);
    const flat = squash(text);
    const q = input.questionnaire;
    const { result } = input.snapshot;
    const level = result.level!;
    expect(flat).toContain(squash(q.levels[level - 1].name[lang]));
    expect(text).toContain(result.score!.toFixed(2));
    for (const d of q.dimensions) expect(flat).toContain(squash(d.title[lang]));
    const plan = result.gap!.plan;
    expect(plan.length).toBeGreaterThan(0);
    const byId = new Map(q.dimensions.flatMap((d) => d.subDimensions.flatMap((s) => s.questions)).map((x) => [x.id, x]));
    for (const item of plan.slice(0, 3)) expect(flat).toContain(squash(byId.get(item.questionId)!.recommendation![lang]));
  });

  it('uses each language for its own labels, dates and numbers', () => {
    const zh = pdfText(pdfs['zh-CN']);
    const en = pdfText(pdfs.en);
    expect(zh).toContain('执行摘要');
    expect(zh).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(zh).toMatch(/第 3 页，共 \d+ 页/);
    expect(en).toContain('Executive summary');
    expect(en).toMatch(/(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}/);
    expect(en).toMatch(/Page 3 of \d+/);
    expect(en).not.toContain('执行摘要');
  });

  it('embeds the CJK font as a subset and sets title, author and language', () => {
    expect(pdfFonts(pdfs['zh-CN'])).toMatch(/[A-Z]{6}\+NotoSansSC-Regular\s+(CID )?TrueType.*yes\s+yes\s+yes/);
    const info = pdfInfo(pdfs['zh-CN']);
    expect(info).toMatch(/Title:\s+人工智能能力成熟度评估报告 · 华东精密制造股份有限公司/);
    expect(info).toMatch(/Author:\s+智评 Zhiping/);
    expect(info).toMatch(/Page size:\s+595.28 x 841.89 pts \(A4\)/);
    expect(pdfs['zh-CN'].toString('latin1')).toContain('/Lang (zh-CN)');
  });

  it('has a contents page, the charts, the review section and every answer in the appendix', () => {
    const text = pdfText(pdfs['zh-CN']);
    for (const heading of ['目录', '二、成熟度图示', '四、差距分析与改进计划', '五、同业对标', '六、顾问意见与调整', '附录：全部答案']) expect(text).toContain(heading);
    for (const caption of ['图1', '各维度成熟度得分', '图2', '各等级得分']) expect(squash(text)).toContain(caption);
    expect(squash(text)).toContain(squash(input.snapshot.comments[0].text.slice(0, 40)));
    const ids = input.questionnaire.dimensions.flatMap((d) => d.subDimensions.flatMap((s) => s.questions.map((x) => x.id)));
    for (const id of ids) expect(squash(text)).toContain(id);
  });

  it('has bookmarks for every section and dimension, and a contents page whose entries link to them', () => {
    const raw = pdfs.en.toString('latin1');
    expect(raw).toContain('/Outlines');
    const bookmarks = [...raw.matchAll(/\/Title \(([^)]*)\)/g)].map((m) => m[1]);
    for (const d of input.questionnaire.dimensions) expect(bookmarks).toContain(d.title.en);
    expect(bookmarks).toContain('1. Executive summary');
    const links = [...raw.matchAll(/\/S \/GoTo\s*\/D \(section-(\d+)\)/g)].map((m) => Number(m[1]));
    // Summary, charts, findings, plan, benchmark, review, appendix: each contents entry links to its section.
    expect([...new Set(links)].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('wraps English only between words in the improvement plan', () => {
    const text = pdfText(pdfs.en).replace(/\s+/g, ' ');
    const byId = new Map(input.questionnaire.dimensions.flatMap((d) => d.subDimensions.flatMap((s) => s.questions)).map((x) => [x.id, x]));
    for (const item of input.snapshot.result.gap!.plan) {
      const recommendation = byId.get(item.questionId)!.recommendation!.en.replace(/\s+/g, ' ');
      expect(text).toContain(recommendation.slice(0, 120));
    }
  });

  it('says kindly that fewer than 5 peers have signed, rather than "only 0 peers"', () => {
    const none = { shown: false as const, peers: 0, reason: 'too-few-peers' as const };
    for (const peers of [0, 3]) {
      const model = buildReportModel({ ...input, snapshot: { ...input.snapshot, benchmark: { overall: { ...none, peers }, dimensions: {} } } }, 'en');
      expect(model.benchmark.text).toContain('Fewer than 5 comparable organizations');
      expect(model.benchmark.text).not.toContain(String(peers));
      expect(model.benchmark.figure).toBeNull();
    }
  });

  it('shows a record signed before the distribution was stored by its position only, without a figure', () => {
    const old = { shown: true as const, peers: 7, percentile: 80 };
    const model = buildReportModel({ ...input, snapshot: { ...input.snapshot, benchmark: { overall: old, dimensions: {} } } }, 'en');
    expect(model.benchmark.state).toBe('shown');
    expect(model.benchmark.figure).toBeNull();
    expect(model.benchmark.rows[0]).toMatchObject({ peers: '7', median: '–', position: 'In the top quarter of peers' });
  });

  it('keeps every word inside the page, long comments included', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const boxes = pdfWordBoxes(pdfs[lang]);
      expect(boxes.length).toBeGreaterThan(1000);
      const outside = boxes.filter((b) => b.xMin < 0 || b.yMin < 0 || b.xMax > b.pageWidth || b.yMax > b.pageHeight);
      expect(outside).toEqual([]);
    }
  });

  it('fits the executive summary on one page, with the strongest and weakest dimensions and three steps', () => {
    const pages = pdfText(pdfs['zh-CN']).split('\f');
    const summary = pages.findLastIndex((p) => p.includes('一、执行摘要'));
    expect(pages.findLastIndex((p) => p.includes('二、成熟度图示'))).toBe(summary + 1);
    for (const part of ['最强的两个维度', '最弱的两个维度', '提升等级的三项行动']) expect(pages[summary]).toContain(part);
    expect(pages[summary]).toMatch(/1\.[\s\S]*2\.[\s\S]*3\./);
  });

  it('repeats the table header on every page the appendix runs over', () => {
    const pages = pdfText(pdfs['zh-CN']).split('\f');
    const first = pages.findLastIndex((p) => p.includes('附录：全部答案'));
    const appendixPages = pages.slice(first).filter((p) => p.trim());
    expect(appendixPages.length).toBeGreaterThan(5);
    for (const page of appendixPages) for (const header of ['编号', '题目', '回答']) expect(page).toContain(header);
    // No evidence anywhere in this report: no evidence column; the dimensions head their own tables.
    expect(appendixPages.join('')).not.toContain('证据文件');
    for (const d of input.questionnaire.dimensions) expect(squash(appendixPages.join(''))).toContain(squash(d.title['zh-CN']));
  });

  it('never starts a Chinese line with closing punctuation', () => {
    const lines = pdfText(pdfs['zh-CN']).split('\n');
    expect(lines.filter((l) => /^[，。、；：？！）》」』】]/.test(l))).toEqual([]);
  });

  it('marks a finalized report with who signed and when, and no DRAFT mark', () => {
    const text = pdfText(pdfs['zh-CN']);
    expect(text).toContain('由 王顾问 于');
    expect(text).not.toContain('草稿');
  });

  it('marks a draft report as DRAFT on every page', async () => {
    const draft = await renderReportPdf(buildReportModel({ ...input, verificationCode: null, snapshot: { ...input.snapshot, signature: null } }, 'en'));
    const pages = pdfText(draft).split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) expect(page).toContain('DRAFT');
  });

  it('renders to PNG pages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhiping-png-'));
    try {
      pdfToPngs(pdfs['zh-CN'], join(dir, 'page'), { first: 1, last: 3 });
      const pngs = readdirSync(dir).filter((f) => f.endsWith('.png'));
      expect(pngs).toHaveLength(3);
      for (const f of pngs) expect(statSync(join(dir, f)).size).toBeGreaterThan(5000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
