import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportInput, ReportModel } from '../../server/reports/model.js';
import { buildReportModel } from '../../server/reports/model.js';
import { renderReportPdf } from '../../server/reports/pdf.js';
import { reportBenchInput } from '../../bench/report.js';
import { projectRoot } from '../../server/config.js';
import { parseStructure, pdfDestinations, pdfFonts, pdfInfo, pdfOutline, pdfStructure, pdfText, pdfToPngs, pdfWordBoxes, type StructElement } from '../helpers/pdf.js';

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

/** Every element of `tree` of `type`, in reading order. */
function elements(tree: StructElement[], type: string): StructElement[] {
  return tree.flatMap((e) => [...(e.type === type ? [e] : []), ...elements(e.children, type)]);
}

/** The text of `e` and all it holds. */
function textOf(e: StructElement): string {
  return e.text + e.children.map(textOf).join('');
}

/** The report's top-level sections, each with its heading. */
function sections(pdf: Buffer): { title: string; section: StructElement }[] {
  const [document] = parseStructure(pdfStructure(pdf));
  expect(document.type).toBe('Document');
  return document.children.map((section) => ({ title: textOf(elements([section], 'H1')[0] ?? section), section }));
}

describe('navigating and reading the PDF report', () => {
  it.each(['zh-CN', 'en'] as const)('is a tagged PDF 1.7 in its language, marked in the catalog (%s)', (lang) => {
    const info = pdfInfo(pdfs[lang]);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/PDF version:\s+1\.7/);
    const raw = pdfs[lang].toString('latin1');
    const catalog = /\/Type \/Catalog[^]*?>>/.exec(raw)![0];
    expect(catalog).toContain(`/Lang (${lang})`);
    const markInfo = /\/MarkInfo (\d+) 0 R/.exec(catalog)![1];
    expect(new RegExp(`\\n${markInfo} 0 obj\\n<<\\n/Marked true`).test(raw)).toBe(true);
    expect(catalog).toMatch(/\/StructTreeRoot \d+ 0 R/);
  });

  it('reads in order: cover, contents, the six sections and the appendix, each under its heading', () => {
    const t = buildReportModel(input, 'en').t;
    const titles = sections(pdfs.en).map((s) => s.title);
    expect(titles).toEqual([
      t('report.title'),
      t('report.sections.contents'),
      ...['summary', 'charts', 'findings', 'gap', 'benchmark', 'review', 'appendix'].map((k) => t(`report.sections.${k}`)),
    ]);
    const [, , summary] = sections(pdfs.en);
    // Lists are lists: the three steps are items with their numbers as labels.
    const labels = elements([summary.section], 'Lbl').map(textOf);
    expect(labels).toEqual(expect.arrayContaining(['1.', '2.', '3.']));
  });

  it('leaves running headers, page numbers, the DRAFT mark and repeated table headers out of what a reader reads', async () => {
    const text = pdfText(pdfs.en);
    const read = pdfStructure(pdfs.en);
    expect(text).toMatch(/Page 3 of \d+/);
    expect(read).not.toMatch(/Page \d+ of \d+/);
    const appendix = sections(pdfs.en).at(-1)!.section;
    // One header row per dimension's table, however many pages it runs over.
    const headerRows = elements([appendix], 'TR').filter((r) => r.children.some((c) => c.type === 'TH'));
    expect(headerRows).toHaveLength(input.questionnaire.dimensions.length);
    const draft = await renderBench('en', { draft: true });
    expect(pdfText(draft)).toContain('DRAFT');
    expect(pdfStructure(draft)).not.toContain('DRAFT');
  });

  it.each(['zh-CN', 'en'] as const)('describes each chart in words and has a legend under each (%s)', (lang) => {
    const model = buildReportModel(input, lang);
    const charts = sections(pdfs[lang])[3].section;
    expect(elements([charts], 'Figure')).toHaveLength(2);
    expect(elements([charts], 'Caption')).toHaveLength(2);
    const raw = pdfs[lang].toString('latin1');
    const figures = [...raw.matchAll(/\n(\d+) 0 obj\n<<\n\/S \/Figure\n[^]*?\n>>\nendobj/g)].map((m) => m[0]);
    expect(figures).toHaveLength(2);
    for (const figure of figures) expect(figure).toMatch(/\/Alt [(<]/);
    const page = pdfText(pdfs[lang]).split('\f').findLast((p) => p.includes(model.t('report.sections.charts')))!;
    for (const key of ['report.charts.reached', 'report.charts.notReached']) expect(squash(page)).toContain(squash(model.t(key)));
    expect(squash(page)).toContain(squash(model.t('report.charts.thresholdLine', { threshold: '0.80' })));
    for (const level of model.levelNames) expect(squash(page)).toContain(squash(level));
  });

  it.each(['zh-CN', 'en'] as const)('has bookmarks for every section, and for every dimension in the findings and the appendix (%s)', (lang) => {
    const model = buildReportModel(input, lang);
    const outline = pdfOutline(pdfs[lang]);
    const dimensions = input.questionnaire.dimensions.map((d) => d.title[lang]);
    expect(outline.map((i) => i.title)).toEqual(['summary', 'charts', 'findings', 'gap', 'benchmark', 'review', 'appendix'].map((k) => model.t(`report.sections.${k}`)));
    const findings = outline[2];
    const appendix = outline[6];
    expect(findings.children.map((i) => i.title)).toEqual(dimensions);
    expect(appendix.children.map((i) => i.title)).toEqual(dimensions);
    // Each bookmark opens the page its heading is on.
    const pages = pdfText(pdfs[lang]).split('\f');
    for (const item of [...outline, ...findings.children]) expect(squash(pages[item.page - 1])).toContain(squash(item.title));
    for (const item of appendix.children) expect(squash(pages[item.page - 1])).toContain(squash(item.title));
    expect(appendix.children.map((i) => i.page)).toEqual([...appendix.children.map((i) => i.page)].sort((a, b) => a - b));
  });

  it('has a contents page whose every line links to the page it names', () => {
    const contents = sections(pdfs.en)[1].section;
    const items = elements([contents], 'TOCI');
    // The sections and the findings' dimensions, each a title and a page number that both link.
    expect(items).toHaveLength(7 + input.questionnaire.dimensions.length);
    for (const item of items) expect(item.children.map((c) => c.type)).toEqual(['Link', 'Link']);
    const printed = items.map((i) => ({ title: textOf(i.children[0]), page: Number(textOf(i.children[1])) }));
    expect(printed[0].title).toBe(buildReportModel(input, 'en').t('report.sections.summary'));
    const pages = pdfText(pdfs.en).split('\f');
    for (const { title, page } of printed) expect(squash(pages[page - 1]), title).toContain(squash(title));
    // The links' targets are named destinations on exactly those pages.
    const destinations = new Map([...pdfDestinations(pdfs.en).matchAll(/^\s*(\d+) \[ XYZ [^\]]*\] "([^"]+)"$/gm)].map((m) => [m[2], Number(m[1])]));
    const targets = [...pdfs.en.toString('latin1').matchAll(/\/S \/GoTo\s*\/D \(([^)]+)\)/g)].map((m) => m[1]);
    expect(targets).toHaveLength(2 * items.length);
    const targetPages = targets.filter((_, k) => k % 2 === 0).map((name) => destinations.get(name));
    expect(targetPages).toEqual(printed.map((p) => p.page));
  });

  it.each(['zh-CN', 'en'] as const)('heads each dimension of the appendix with its name, in the order of the questionnaire (%s)', (lang) => {
    const appendix = sections(pdfs[lang]).at(-1)!.section;
    expect(elements([appendix], 'H2').map(textOf)).toEqual(input.questionnaire.dimensions.map((d) => d.title[lang]));
    // Each heading is followed by its dimension's table, holding that dimension's questions.
    const children = appendix.children.filter((c) => c.type === 'H2' || c.type === 'Table');
    input.questionnaire.dimensions.forEach((d, i) => {
      expect(children[2 * i].type).toBe('H2');
      const table = children[2 * i + 1];
      expect(table.type).toBe('Table');
      const ids = d.subDimensions.flatMap((s) => s.questions.map((q) => q.id));
      const rows = table.children.filter((r) => r.type === 'TR').slice(1);
      expect(rows.map((r) => textOf(r.children[0]))).toEqual(expect.arrayContaining(ids.filter((id) => rows.some((r) => textOf(r.children[0]) === id))));
      expect(rows.length).toBeGreaterThan(0);
    });
  });

  it('wraps English between words only: every word of the report is a word of its text', () => {
    const model = buildReportModel(input, 'en');
    const letters = (w: string) => w.replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, '');
    const words = (s: string) => s.split(/\s+/).map(letters).filter((w) => /^[A-Za-z][A-Za-z'’/-]*[A-Za-z]$/.test(w));
    const strings: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect({ ...model, t: undefined, fmt: undefined });
    collect(JSON.parse(readFileSync(join(projectRoot, 'locales', 'en.json'), 'utf8')));
    // A line may end after a hyphen or a slash of the text ("roll-" / "out"): pdftotext then gives the
    // parts, or the word without its hyphen.
    const vocabulary = new Set(
      strings.flatMap(words).flatMap((w) => [w, w.replace(/-/g, ''), ...w.split(/[-/]/).map(letters)]),
    );
    const strangers = [...new Set(pdfText(pdfs.en).split(/\s+/).flatMap((w) => words(w).flatMap((x) => [x, ...x.split('/').map(letters)])))].filter(
      (w) => w && !vocabulary.has(w),
    );
    expect(strangers).toEqual([]);
    // A ladder answer, the longest kind, is read whole in its cell of the appendix.
    const ladder = model.appendix.filter((r) => /^L\d /.test(r.answer)).sort((a, b) => b.answer.length - a.answer.length)[0];
    expect(ladder.answer.length).toBeGreaterThan(60);
    const appendix = sections(pdfs.en).at(-1)!.section;
    const row = elements([appendix], 'TR').find((r) => textOf(r.children[0]) === ladder.questionId)!;
    expect(textOf(row.children[2])).toBe(ladder.answer);
  });

  it('breaks a word wider than its column with a hyphen, and puts evidence and N/A reasons under the answer', async () => {
    const model = buildReportModel(input, 'en');
    const long = 'https://intranet.example.com/ai-governance/policies/approved-ai-strategy-and-roadmap-2026-final-version.pdf';
    const row = model.appendix[0];
    const changed: ReportModel = {
      ...model,
      appendix: [{ ...row, answer: long, naReason: 'Outsourced to the parent company', evidence: 'policy.pdf (871d2060)' }, ...model.appendix.slice(1)],
    };
    const pdf = await renderReportPdf(changed);
    // The answer's lines: the words in its column from its first piece on.
    const boxes = pdfWordBoxes(pdf);
    const first = boxes.find((b) => b.text.startsWith('https://'))!;
    const pieces = boxes.filter((b) => b.page === first.page && Math.abs(b.xMin - first.xMin) < 1 && b.yMin >= first.yMin).slice(0, 4);
    const used = pieces.slice(0, pieces.findIndex((b) => b.text.endsWith('.pdf')) + 1);
    expect(used.length).toBeGreaterThan(1);
    // Every line but the last ends at a hyphen (the link's own or one added) or after a slash: never mid-word without one.
    expect(used.slice(0, -1).every((b) => /[-/]$/.test(b.text))).toBe(true);
    expect(used.map((b) => b.text).join('').replace(/-/g, '')).toBe(long.replace(/-/g, ''));
    for (const b of pieces) expect(b.xMax).toBeLessThanOrEqual(b.pageWidth - 62 + 0.5);
    const cell = elements(sections(pdf).at(-1)!.section.children, 'TR').find((r) => textOf(r.children[0]) === row.questionId)!.children[2];
    expect(textOf(cell)).toContain('Reason: Outsourced to the parent company');
    expect(textOf(cell)).toContain('Evidence: policy.pdf (871d2060)');
  });

  it.each(['zh-CN', 'en'] as const)('has no stray punctuation: an adjusted answer and its grades read cleanly (%s)', async (lang) => {
    const adjustment = {
      id: 'adj-1',
      questionId: 'st-04',
      from: 0.5,
      to: 0.8,
      author: '王顾问',
      at: input.generatedAt,
      reason: '年度计划中只有两个业务单元列明了 AI 场景。',
      state: 'counts' as const,
    };
    const model = buildReportModel({ ...input, snapshot: { ...input.snapshot, adjustments: [adjustment] } }, lang);
    const pdf = await renderReportPdf(model);
    // What each element says, as a reader gets it, and the page as pdftotext reads it.
    const said = (function all(tree: StructElement[]): string[] {
      return tree.flatMap((e) => [e.text, ...all(e.children)]);
    })(parseStructure(pdfStructure(pdf))).filter(Boolean);
    const stray = /[。．，、；：.,;:]\s*[:：]|[:：]\s*[。.，,]/;
    expect(said.filter((s) => stray.test(s))).toEqual([]);
    expect(pdfText(pdf).split('\n').filter((l) => stray.test(l))).toEqual([]);
    const adjusted = model.appendix.find((r) => r.questionId === 'st-04')!.answer;
    expect(adjusted).toContain(model.t('conformance.most'));
    expect(said).toContain(adjusted);
    expect(said).toContain(model.review.adjustments[0].change);
    if (lang === 'en') expect(adjusted).toMatch(/\(adjusted by the consultant to Mostly met\)$/);
  });
});

/** The bench report in `lang`, as a draft when asked. */
function renderBench(lang: 'zh-CN' | 'en', options: { draft: boolean }): Promise<Buffer> {
  const snapshot = options.draft ? { ...input.snapshot, signature: null } : input.snapshot;
  return renderReportPdf(buildReportModel({ ...input, verificationCode: options.draft ? null : input.verificationCode, snapshot }, lang));
}
