// Lays a ReportModel out as an A4 PDF with pdfkit: cover, contents, executive summary, charts,
// findings, improvement plan, benchmark, review and sign-off, appendix. One type scale and one colour
// per level throughout; running headers, page numbers, a DRAFT mark on drafts; tables sized to their
// content repeat their header row on a new page and a heading never sits alone at a page foot. The PDF
// is tagged (pdf-tags.ts) in the report's language, with bookmarks and a contents page that links.
import PDFDocument from 'pdfkit';
import { levelBarGeometry, radarGeometry } from '../domain/charts.js';
import { LEVEL_COLOURS, LEVEL_INKS } from '../domain/palette.js';
import { drawBarLegend, drawLevelBars, drawLevelLegend, drawRadar } from './pdf-charts.js';
import { drawBenchmark, drawBenchmarkLegend, pdfBenchmarkGeometry } from './pdf-benchmark.js';
import { ACCENT, ALERT, FILL, INK, MARGIN, MUTED, RULE, TYPE, style, type Doc } from './pdf-style.js';
import { breakLongWords, CELL_PAD, fitColumns, type Column } from './pdf-table.js';
import { StructureTags, type TagOptions } from './pdf-tags.js';
import type { Font } from 'fontkit';
import { reportFont } from './fonts.js';
import type { ReportModel } from './model.js';

/** Space a heading needs below it so it never ends a page alone. */
const KEEP_WITH_NEXT = 90;

interface ContentsEntry {
  title: string;
  page: number;
  destination: string;
  /** 1: a section; 2: a part of one (a dimension). */
  level: 1 | 2;
}

/** pdfkit takes a parsed fontkit font where its types only list paths and bytes (PDFFontFactory.open). */
function asFontSource(font: Font): PDFKit.Mixins.PDFFontSource {
  return font as unknown as PDFKit.Mixins.PDFFontSource;
}

class ReportWriter {
  readonly doc: Doc;
  readonly tags: StructureTags;
  readonly toc: ContentsEntry[] = [];
  /** The bookmark of the current section, for the bookmarks of its parts (the dimensions). */
  private section: PDFKit.PDFOutline | undefined;
  /** The contents page's place in the reading order, filled once the page numbers are known. */
  private contents: PDFKit.PDFStructureElement | undefined;

  constructor(private readonly m: ReportModel) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      autoFirstPage: false,
      lang: m.locale,
      displayTitle: true,
      tagged: true,
      pdfVersion: '1.7',
      info: {
        Title: `${m.meta.title} · ${m.meta.organization}`,
        Author: m.t('report.author'),
        Subject: `${m.meta.questionnaire} v${m.meta.version}`,
        Keywords: m.t('report.keywords'),
        Creator: 'Zhiping',
      },
    });
    this.doc.registerFont('body', asFontSource(reportFont('body')));
    this.doc.registerFont('bold', asFontSource(reportFont('bold')));
    this.tags = new StructureTags(this.doc);
  }

  get width(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }

  get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  private style(size: number, font: 'body' | 'bold' = 'body', color = INK): Doc {
    return style(this.doc, size, font, color);
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = MARGIN.left;
    this.doc.y = MARGIN.top;
  }

  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  /** Content drawn by `draw`, read as one element of `type` (P, H1, TD…) under the open element. */
  private tag(type: string, draw: () => void, options?: TagOptions): void {
    this.tags.leaf(type, draw, options);
  }

  private artifact(draw: () => void): void {
    this.tags.artifact(draw);
  }

  /** A bookmark at the current position (pdfkit measures its left from the page's right edge). */
  private bookmark(parent: PDFKit.PDFOutline, title: string, expanded = false): PDFKit.PDFOutline {
    const at = { left: this.doc.page.width, top: this.doc.y - 6, expanded };
    return parent.addItem(title, at as { expanded?: boolean });
  }

  /** A link target at the current position, for the contents page. */
  private destination(name: string): void {
    this.doc.addNamedDestination(name, 'XYZ', 0, this.doc.y - 6, null);
  }

  /** A section heading; starts a section of the structure and a new page when asked, and is recorded in the contents. */
  heading(title: string, options: { newPage?: boolean; toc?: boolean } = {}): void {
    this.tags.closeTo(1);
    this.tags.begin('Sect');
    if (options.newPage) this.newPage();
    else this.ensureSpace(KEEP_WITH_NEXT);
    if (options.toc !== false) {
      // A named destination for the clickable contents, and a bookmark in the reader's outline.
      const destination = `section-${this.toc.filter((e) => e.level === 1).length + 1}`;
      this.destination(destination);
      this.toc.push({ title, page: this.doc.bufferedPageRange().count, destination, level: 1 });
      this.section = this.bookmark(this.doc.outline, title, true);
    }
    this.tag('H1', () => this.style(TYPE.heading, 'bold', ACCENT).text(title, MARGIN.left, this.doc.y, { width: this.width }));
    const y = this.doc.y + 3;
    this.artifact(() => this.doc.moveTo(MARGIN.left, y).lineTo(MARGIN.left + this.width, y).lineWidth(0.8).strokeColor(ACCENT).stroke());
    this.doc.y = y + 10;
  }

  /** A heading within a section; a part (`id`: a dimension) also gets a bookmark, and a contents line when asked. */
  subheading(title: string, part?: { id: string; contents?: boolean }): void {
    this.ensureSpace(KEEP_WITH_NEXT * 0.7);
    if (part && this.section) {
      this.bookmark(this.section, title);
      if (part.contents) {
        const destination = `part-${part.id}`;
        this.destination(destination);
        this.toc.push({ title, page: this.doc.bufferedPageRange().count, destination, level: 2 });
      }
    }
    this.tag('H2', () => this.style(TYPE.subheading, 'bold').text(title, MARGIN.left, this.doc.y, { width: this.width }));
    this.doc.moveDown(0.3);
  }

  paragraph(text: string, options: { color?: string; size?: number; indent?: number; gap?: number } = {}): void {
    if (!text) return;
    const indent = options.indent ?? 0;
    this.tag('P', () =>
      this.style(options.size ?? TYPE.body, 'body', options.color ?? INK).text(text, MARGIN.left + indent, this.doc.y, {
        width: this.width - indent,
        lineGap: 2.5,
      }),
    );
    this.doc.y += options.gap ?? 5;
  }

  bullets(items: string[], options: { numbered?: boolean } = {}): void {
    this.tags.begin('L');
    items.forEach((item, i) => {
      const marker = options.numbered ? `${i + 1}.` : '•';
      this.ensureSpace(TYPE.body * 2.5);
      const y = this.doc.y;
      this.tags.begin('LI');
      this.tag('Lbl', () => this.style(TYPE.body, 'bold', ACCENT).text(marker, MARGIN.left + 4, y, { width: 14, lineBreak: false }));
      this.tag('LBody', () => this.style(TYPE.body).text(item, MARGIN.left + 20, y, { width: this.width - 20, lineGap: 2.5 }));
      this.tags.close();
      this.doc.y += 3;
    });
    this.tags.close();
  }

  /**
   * A table sized to its content (or to `widths`), whose header repeats on each new page (as an artifact:
   * a reader hears it once); a row taller than a page is cut with an ellipsis.
   */
  table(columns: Column[], rows: string[][], options: { levelColumn?: number; rowLevels?: number[]; widths?: number[] } = {}): void {
    const pad = CELL_PAD;
    const widths = options.widths ?? fitColumns(this.doc, columns, rows, this.width);
    const inner = widths.map((w) => w - 2 * pad);
    const headerHeight = Math.max(...columns.map((c, i) => this.style(TYPE.caption, 'bold').heightOfString(c.header, { width: inner[i] }))) + 2 * pad;
    const drawHeader = (first: boolean) => {
      let x = MARGIN.left;
      const y = this.doc.y;
      this.artifact(() => this.doc.rect(MARGIN.left, y, this.width, headerHeight).fill('#e6ecf3'));
      const cell = (c: Column, i: number, left: number) => () =>
        this.style(TYPE.caption, 'bold').text(c.header, left + pad, y + pad, { width: inner[i], align: c.align ?? 'left' });
      if (first) this.tags.begin('TR');
      columns.forEach((c, i) => {
        if (first) this.tag('TH', cell(c, i, x), { scope: 'Column' });
        else this.tags.artifact(cell(c, i, x), 'Pagination');
        x += widths[i];
      });
      if (first) this.tags.close();
      this.doc.y = y + headerHeight;
    };
    const maxRow = this.bottom - MARGIN.top - headerHeight - 4;
    this.ensureSpace(headerHeight + 30);
    this.tags.begin('Table');
    drawHeader(true);
    rows.forEach((row, r) => {
      const cells = columns.map((_, i) => breakLongWords(this.doc, row[i] ?? '', inner[i]));
      const heights = cells.map((text, i) => this.style(TYPE.body).heightOfString(text, { width: inner[i], lineGap: 1.5 }));
      const height = Math.min(Math.max(...heights) + 2 * pad, maxRow);
      if (this.doc.y + height > this.bottom) {
        this.newPage();
        drawHeader(false);
      }
      const y = this.doc.y;
      if (r % 2 === 1) this.artifact(() => this.doc.rect(MARGIN.left, y, this.width, height).fill(FILL));
      this.tags.begin('TR');
      let x = MARGIN.left;
      columns.forEach((c, i) => {
        const level = options.levelColumn === i ? options.rowLevels?.[r] : undefined;
        if (level !== undefined) this.levelChip(x + pad, y + pad, level, 'TD');
        else
          this.tag('TD', () =>
            this.style(TYPE.body).text(cells[i], x + pad, y + pad, {
              width: inner[i],
              height: height - 2 * pad,
              ellipsis: true,
              lineGap: 1.5,
              align: c.align ?? 'left',
            }),
          );
        x += widths[i];
      });
      this.tags.close();
      this.artifact(() => this.doc.moveTo(MARGIN.left, y + height).lineTo(MARGIN.left + this.width, y + height).lineWidth(0.4).strokeColor(RULE).stroke());
      this.doc.y = y + height;
    });
    this.tags.close();
    this.doc.x = MARGIN.left;
    this.doc.y += 8;
  }

  levelLabel(level: number): string {
    return level > 0 ? this.m.t('levels.short', { level }) : this.m.t('levels.none');
  }

  /** A level's label on its colour, read as an element of `type`. */
  levelChip(x: number, y: number, level: number, type = 'P'): void {
    const label = this.levelLabel(level);
    this.style(TYPE.caption, 'bold');
    const w = this.doc.widthOfString(label) + 8;
    this.artifact(() => this.doc.roundedRect(x, y, w, TYPE.caption + 5, 2).fill(LEVEL_COLOURS[level]));
    this.tag(type, () => this.style(TYPE.caption, 'bold', LEVEL_INKS[level]).text(label, x + 4, y + 1.5, { lineBreak: false }));
  }

  cover(): void {
    const { meta } = this.m;
    this.newPage();
    const doc = this.doc;
    this.tags.begin('Sect');
    this.artifact(() => doc.rect(0, 0, doc.page.width, 210).fill('#102a43'));
    this.tag('P', () => this.style(TYPE.caption + 2, 'body', '#bcccdc').text(this.m.t('report.author'), MARGIN.left, 70, { width: this.width }));
    this.tag('H1', () => this.style(TYPE.title, 'bold', '#ffffff').text(meta.title, MARGIN.left, 100, { width: this.width }));
    this.tag('P', () =>
      this.style(TYPE.subheading, 'body', '#d9e2ec').text(`${meta.questionnaire} · v${meta.version}`, MARGIN.left, doc.y + 6, { width: this.width }),
    );
    doc.y = 250;
    // The facts of the report as a table of two columns: each label heads its row.
    this.tags.begin('Table');
    const row = (label: string, value: string) => {
      if (!value) return;
      const y = doc.y;
      this.tags.begin('TR');
      this.tag('TH', () => this.style(TYPE.body, 'body', MUTED).text(label, MARGIN.left, y, { width: 120 }), { scope: 'Row' });
      const labelBottom = doc.y;
      this.tag('TD', () => this.style(TYPE.subheading, 'bold').text(value, MARGIN.left + 130, y - 1, { width: this.width - 130 }));
      this.tags.close();
      doc.y = Math.max(doc.y, labelBottom, y + 16) + 8;
    };
    row(this.m.t('report.cover.organization'), meta.organization);
    row(this.m.t('report.cover.creditCode'), meta.creditCode ?? '');
    row(this.m.t('report.cover.profile'), meta.organizationDetail);
    row(this.m.t('report.cover.assessment'), meta.assessmentTitle);
    row(this.m.t('report.cover.weights'), meta.weightProfile ?? this.m.t('assessments.defaultWeights'));
    row(this.m.t('report.cover.date'), meta.date);
    row(this.m.t('report.cover.status'), meta.statusLine);
    if (meta.verification) row(this.m.t('report.cover.verification'), meta.verification.code);
    row(this.m.t('report.cover.result'), `${this.m.summary.levelLabel} · ${this.m.t('result.score')} ${this.m.summary.scoreLabel}`);
    this.tags.close();
    doc.y += 14;
    const inBox = (text: string, size: number, font: 'body' | 'bold', color: string, y: number) =>
      this.tag('P', () => this.style(size, font, color).text(text, MARGIN.left + 12, y, { width: this.width - 24 }));
    if (meta.signature) {
      const top = doc.y;
      this.artifact(() => doc.rect(MARGIN.left, top, this.width, 56).fill('#effaf4'));
      inBox(meta.signature, TYPE.body, 'bold', '#1a7f4b', top + 10);
      if (meta.verification) inBox(meta.verification.line, TYPE.caption, 'body', '#1a7f4b', top + 30);
      doc.y = top + 46;
    } else {
      const top = doc.y;
      const height = this.m.provisional ? 58 : 40;
      this.artifact(() => doc.rect(MARGIN.left, top, this.width, height).fill('#fff4e5'));
      inBox(this.m.t('report.cover.draftNote'), TYPE.body, 'bold', '#8a4b00', top + 13);
      if (this.m.provisional) inBox(this.m.provisional, TYPE.caption, 'body', '#8a4b00', top + 33);
      doc.y = top + height - 10;
    }
    if (meta.notice) {
      doc.y += 24;
      this.tag('H2', () => this.style(TYPE.body, 'bold').text(this.m.t('report.cover.notice'), MARGIN.left, doc.y, { width: this.width }));
      this.paragraph(meta.notice, { color: MUTED });
    }
    this.tag('P', () => this.style(TYPE.caption, 'body', MUTED).text(this.m.t('report.cover.basis'), MARGIN.left, this.bottom - 30, { width: this.width }));
    this.tags.close();
  }

  /** The contents page comes second; it is written last, when the pages of the sections are known. */
  contentsPlaceholder(): void {
    this.newPage();
    this.contents = this.tags.reserve('Sect');
  }

  summary(): void {
    const { summary, t } = { summary: this.m.summary, t: this.m.t };
    this.heading(t('report.sections.summary'), { newPage: true });
    const doc = this.doc;
    const boxY = doc.y;
    const colour = LEVEL_COLOURS[this.m.achievedLevel ?? 0];
    this.artifact(() => {
      doc.roundedRect(MARGIN.left, boxY, this.width, 70, 4).fill(FILL);
      doc.rect(MARGIN.left, boxY, 6, 70).fill(colour);
    });
    // Each label and figure its own paragraph, so that a reader says them apart.
    const right = MARGIN.left + this.width / 2 + 20;
    this.tag('P', () => this.style(TYPE.caption, 'body', MUTED).text(t('result.band'), MARGIN.left + 20, boxY + 12));
    this.tag('P', () => this.style(TYPE.heading + 3, 'bold', colour).text(summary.levelLabel, MARGIN.left + 20, boxY + 26, { width: this.width / 2 }));
    this.tag('P', () => this.style(TYPE.caption, 'body', MUTED).text(t('result.score'), right, boxY + 12));
    this.tag('P', () => this.style(TYPE.heading + 3, 'bold').text(`${summary.scoreLabel} / 5`, right, boxY + 26));
    this.tag('P', () => this.style(TYPE.caption, 'body', MUTED).text(summary.answered, right, boxY + 52));
    doc.y = boxY + 84;
    if (this.m.provisional) this.paragraph(this.m.provisional, { color: '#8a4b00' });
    this.tag('P', () => this.style(TYPE.subheading, 'bold').text(summary.headline, MARGIN.left, doc.y, { width: this.width }));
    doc.y += 6;
    this.paragraph(summary.paragraph);
    this.subheading(t('report.summary.strongest'));
    this.bullets(summary.strongest);
    this.subheading(t('report.summary.weakest'));
    this.bullets(summary.weakest);
    this.subheading(t('report.summary.steps'));
    if (summary.steps.length) this.bullets(summary.steps, { numbered: true });
    else this.paragraph(t('report.summary.noSteps'));
  }

  charts(): void {
    const t = this.m.t;
    this.heading(t('report.sections.charts'), { newPage: true });
    const radarSize = { width: this.width, height: 300 };
    const radar = radarGeometry(
      this.m.dimensions.map((d) => ({ label: `${d.title} ${this.m.fmt(d.score)}`, value: d.score })),
      { ...radarSize, labelGap: 16 },
    );
    const ox = MARGIN.left;
    const oy = this.doc.y;
    this.figure(this.radarAlt(), { x: ox, y: oy, ...radarSize }, () =>
      drawRadar(this.doc, radar, { x: ox, y: oy }, this.m.dimensions.map((d) => d.level)),
    );
    this.doc.y = oy + radarSize.height + 4;
    this.caption(t('report.charts.radarCaption'));
    // The dots' colours are levels: the same legend as under the bars.
    const levels = [t('levels.none'), ...this.m.levelNames];
    this.legend(levels, () => (this.doc.y = drawLevelLegend(this.doc, { x: MARGIN.left, y: this.doc.y + 6 }, this.width, levels)));
    this.doc.y += 10;
    this.ensureSpace(240);
    const bars = levelBarGeometry(this.m.levelScores, { width: this.width, height: 200, threshold: this.m.threshold });
    const by = this.doc.y;
    this.figure(this.barsAlt(), { x: MARGIN.left, y: by, width: this.width, height: bars.height + 18 }, () =>
      drawLevelBars(this.doc, bars, { x: MARGIN.left, y: by }, this.m.levelNames, this.m.fmt),
    );
    // Bar labels may wrap to two lines below the plot.
    this.doc.y = by + bars.height + 18;
    this.caption(t('report.charts.barCaption', { threshold: this.m.fmt(this.m.threshold) }));
    // What the bars' colours and the dashed line mean: reached in the level's colour, not reached in grey.
    const legend = {
      reached: t('report.charts.reached'),
      notReached: t('report.charts.notReached'),
      threshold: t('report.charts.thresholdLine', { threshold: this.m.fmt(this.m.threshold) }),
    };
    this.legend(Object.values(legend), () => (this.doc.y = drawBarLegend(this.doc, { x: MARGIN.left, y: this.doc.y + 8 }, this.width, legend)));
  }

  /** A chart's legend: its entries are drawn one by one, and read as one list (`entries`). */
  private legend(entries: string[], draw: () => void): void {
    this.tag('P', draw, { actual: entries.join(this.m.t('report.charts.altSeparator')) });
  }

  /** A chart read as a figure: what it shows in words (`alt`) for a reader that cannot see it. */
  private figure(alt: string, box: { x: number; y: number; width: number; height: number }, draw: () => void): void {
    this.tag('Figure', draw, { alt, placement: 'Block', bbox: [box.x, box.y, box.x + box.width, box.y + box.height] });
  }

  private radarAlt(): string {
    const { t, fmt } = this.m;
    const items = this.m.dimensions.map((d) => t('report.charts.altItem', { name: d.title, value: fmt(d.score), level: this.levelLabel(d.level) }));
    return t('report.charts.radarAlt', { items: items.join(t('report.charts.altSeparator')) });
  }

  private barsAlt(): string {
    const { t, fmt } = this.m;
    const items = this.m.levelScores.map((v, k) =>
      t('report.charts.altItem', { name: `T(${k + 1})`, value: v === null ? '–' : fmt(v), level: this.m.levelNames[k] }),
    );
    return t('report.charts.barAlt', { items: items.join(t('report.charts.altSeparator')), threshold: fmt(this.m.threshold) });
  }

  private caption(text: string): void {
    this.tag('Caption', () => this.style(TYPE.caption, 'body', MUTED).text(text, MARGIN.left, this.doc.y, { width: this.width, align: 'center' }));
  }

  findings(): void {
    const t = this.m.t;
    this.heading(t('report.sections.findings'), { newPage: true });
    this.table(
      [
        { header: t('result.dimension') },
        { header: t('assessments.level') },
        { header: t('assessments.score'), align: 'right' },
        ...[1, 2, 3, 4, 5].map((k) => ({ header: `T(${k})`, align: 'right' as const })),
      ],
      // The level column's text is its chip's label: it sizes the column.
      this.m.dimensions.map((d) => [d.title, this.levelLabel(d.level), this.m.fmt(d.score), ...d.levelScores.map((v) => (v === null ? '–' : this.m.fmt(v)))]),
      { levelColumn: 1, rowLevels: this.m.dimensions.map((d) => d.level) },
    );
    for (const d of this.m.dimensions) {
      this.subheading(d.title, { id: d.id, contents: true });
      const y = this.doc.y;
      this.levelChip(MARGIN.left, y, d.level);
      this.doc.y = y + TYPE.caption + 9;
      this.paragraph(d.finding);
      if (d.strengths.length) {
        this.paragraph(t('report.dimension.strengths'), { color: MUTED, gap: 2 });
        this.bullets(d.strengths);
      }
      if (d.gaps.length) {
        this.paragraph(t('report.dimension.gaps'), { color: MUTED, gap: 2 });
        this.bullets(d.gaps);
      }
      this.doc.y += 4;
    }
  }

  gapPlan(): void {
    const t = this.m.t;
    this.heading(t('report.sections.gap'), { newPage: true });
    if (this.m.gap) this.planTable(this.m.gap);
    else this.paragraph(t('report.gap.top'));
    if (this.m.toAnswer.length) {
      this.subheading(t('report.gap.toAnswer', { count: this.m.toAnswer.length }));
      this.paragraph(t('report.gap.toAnswerIntro'), { color: MUTED });
      this.table(
        [{ header: t('report.appendix.id') }, { header: t('report.gap.dimension') }, { header: t('report.gap.requirement') }],
        this.m.toAnswer.map((r) => [r.questionId, r.dimension, r.text]),
      );
    }
  }

  private planTable(gap: NonNullable<ReportModel['gap']>): void {
    const t = this.m.t;
    this.paragraph(gap.intro);
    // The current answer (a ladder's can be a long sentence) goes under the requirement, which has the
    // room; a narrow column of its own would break English words mid-word.
    this.table(
      [
        { header: '#' },
        { header: t('report.gap.requirement') },
        { header: t('report.gap.gain'), align: 'right' },
        { header: t('question.recommendation') },
      ],
      gap.items.map((item, i) => [
        String(i + 1),
        `${item.questionId} · ${item.dimension}\n${item.text}\n${t('report.gap.currentLine', { answer: item.current })}`,
        item.gain,
        item.recommendation,
      ]),
    );
  }

  benchmark(): void {
    const t = this.m.t;
    const b = this.m.benchmark;
    const g = b.figure && pdfBenchmarkGeometry(b.figure, this.width);
    // The heading, the sentence and the figure with its legend stay on one page.
    if (g) this.ensureSpace(g.height + 150);
    this.heading(t('report.sections.benchmark'));
    this.paragraph(b.text);
    if (g) {
      // A figure with its words for a screen reader (the table below holds every figure), then its legend.
      const y = this.doc.y + 4;
      let bottom = y;
      this.figure(b.caption, { x: MARGIN.left, y, width: this.width, height: g.height }, () => (bottom = drawBenchmark(this.doc, g, { x: MARGIN.left, y }, b.rows)));
      this.doc.y = bottom + 6;
      this.caption(b.caption);
      this.legend(Object.values(b.legend), () => (this.doc.y = drawBenchmarkLegend(this.doc, { x: MARGIN.left, y: this.doc.y + 6 }, this.width, b.legend) + 10));
    }
    if (b.state === 'shown') {
      const w = this.width;
      this.table(
        [
          { header: t('result.dimension'), width: w * 0.2 },
          { header: t('report.benchmark.score'), width: w * 0.1, align: 'right' },
          { header: t('report.benchmark.median'), width: w * 0.1, align: 'right' },
          { header: t('report.benchmark.middle'), width: w * 0.13, align: 'right' },
          { header: t('report.benchmark.range'), width: w * 0.13, align: 'right' },
          { header: t('report.benchmark.peers'), width: w * 0.08, align: 'right' },
          { header: t('report.benchmark.position'), width: w * 0.26 },
        ],
        b.rows.map((r) => [r.label, r.score, r.median, r.middle, r.range, r.peers, r.position]),
      );
    }
  }

  review(): void {
    const t = this.m.t;
    const { comments, adjustments } = this.m.review;
    this.heading(t('report.sections.review'), { newPage: true });
    this.subheading(t('report.review.comments'));
    if (!comments.length) this.paragraph(t('report.review.noComments'), { color: MUTED });
    for (const c of comments) {
      this.ensureSpace(40);
      this.paragraph(`${c.where}`, { color: ACCENT, gap: 1 });
      this.paragraph(`${c.author} · ${c.at}`, { color: MUTED, size: TYPE.caption, gap: 2 });
      this.paragraph(c.text, { indent: 10, gap: 8 });
    }
    this.subheading(t('report.review.adjustments'));
    if (!adjustments.length) this.paragraph(t('report.review.noAdjustments'), { color: MUTED });
    for (const a of adjustments) {
      this.ensureSpace(40);
      this.paragraph(a.where, { color: ACCENT, gap: 1 });
      this.paragraph(a.change, { gap: 1 });
      this.paragraph(`${a.author} · ${a.at}`, { color: MUTED, size: TYPE.caption, gap: 2 });
      this.paragraph(a.reason, { indent: 10, gap: 8 });
    }
    this.signOff();
  }

  private signOff(): void {
    const t = this.m.t;
    this.ensureSpace(130);
    this.subheading(t('report.signoff.title'));
    const y = this.doc.y;
    this.artifact(() => this.doc.rect(MARGIN.left, y, this.width, 90).lineWidth(0.8).strokeColor(RULE).stroke());
    const inBox = (text: string, size: number, font: 'body' | 'bold', color: string, top: number) =>
      this.tag('P', () => this.style(size, font, color).text(text, MARGIN.left + 12, y + top, { width: this.width - 24 }));
    if (this.m.meta.signature) {
      inBox(this.m.meta.signature, TYPE.body, 'bold', '#1a7f4b', 14);
      inBox(t('report.signoff.locked'), TYPE.caption, 'body', MUTED, 40);
      if (this.m.meta.verification) inBox(this.m.meta.verification.line, TYPE.caption, 'body', MUTED, 58);
    } else {
      inBox(t('report.signoff.pending'), TYPE.body, 'bold', '#8a4b00', 14);
      inBox(t('report.signoff.lines'), TYPE.caption, 'body', MUTED, 58);
    }
    this.doc.y = y + 100;
    if (this.m.meta.conclusion) {
      this.subheading(t('report.signoff.conclusion'));
      this.paragraph(this.m.meta.conclusion);
    }
  }

  appendix(): void {
    const t = this.m.t;
    this.heading(t('report.sections.appendix'), { newPage: true });
    const withEvidence = this.m.appendix.some((r) => r.evidence);
    this.paragraph(t(withEvidence ? 'report.appendix.introWithEvidence' : 'report.appendix.intro'), { color: MUTED });
    // The question and the answer get the room: an N/A reason and the evidence files are lines under
    // their answer, not columns that most rows leave empty. One table per dimension, under its name,
    // all with the same columns, sized once to the whole appendix.
    const columns: Column[] = [{ header: t('report.appendix.id') }, { header: t('report.appendix.question') }, { header: t('report.appendix.answer') }];
    const rows = this.m.appendix.map((r) => {
      const lines = [
        r.answer,
        r.naReason ? t('report.appendix.naReasonLine', { reason: r.naReason }) : '',
        r.evidence ? t('report.appendix.evidenceLine', { files: r.evidence }) : '',
      ];
      return { dimension: r.dimension, cells: [r.questionId, r.text, lines.filter(Boolean).join('\n')] };
    });
    const widths = fitColumns(this.doc, columns, rows.map((r) => r.cells), this.width);
    const dimensions = [...new Set(rows.map((r) => r.dimension))];
    dimensions.forEach((dimension, i) => {
      this.subheading(dimension, { id: `appendix-${i + 1}` });
      this.table(
        columns,
        rows.filter((r) => r.dimension === dimension).map((r) => r.cells),
        { widths },
      );
    });
  }

  /** Fills the contents page, then adds headers, footers and the DRAFT mark to every page. */
  finish(): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    doc.switchToPage(1);
    doc.y = MARGIN.top;
    if (this.contents) {
      const contents = this.contents;
      this.tags.within(contents, () => this.contentsPage());
      contents.end();
    }
    this.tags.closeTo(1);
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(i);
      const page = doc.page;
      const savedBottom = page.margins.bottom;
      page.margins.bottom = 0;
      // Running headers, page numbers and the DRAFT mark are pagination: a reader does not read them out.
      this.tags.artifact(() => {
        if (this.m.meta.draft) this.draftMark();
        if (i > 0) this.runningHeader(i + 1, range.count);
      }, 'Pagination');
      page.margins.bottom = savedBottom;
    }
  }

  /** The contents: each section, and each dimension of the findings when they fit on the page, linked to where it starts. */
  private contentsPage(): void {
    const doc = this.doc;
    this.tag('H1', () => this.style(TYPE.heading, 'bold', ACCENT).text(this.m.t('report.sections.contents'), MARGIN.left, doc.y, { width: this.width }));
    doc.y += 14;
    const rowHeight = (e: ContentsEntry) => (e.level === 1 ? 24 : 17);
    const all = this.toc.reduce((h, e) => h + rowHeight(e) + 4, 0);
    const entries = doc.y + all <= this.bottom ? this.toc : this.toc.filter((e) => e.level === 1);
    this.tags.begin('TOC');
    entries.forEach((entry, k) => {
      // A little air between a section's last part and the next section.
      if (entry.level === 1 && entries[k - 1]?.level === 2) doc.y += 4;
      const y = doc.y;
      const indent = entry.level === 1 ? 0 : 14;
      const size = entry.level === 1 ? TYPE.body + 1 : TYPE.body;
      const color = entry.level === 1 ? INK : MUTED;
      this.tags.begin('TOCI');
      // The title and its page number both link, each an element of its own (read apart).
      this.tag('Link', () =>
        this.style(size, 'body', color).text(entry.title, MARGIN.left + indent, y, { width: this.width - 40 - indent, lineBreak: false, goTo: entry.destination }),
      );
      this.tag('Link', () =>
        this.style(size, 'body', color).text(String(entry.page), MARGIN.left + this.width - 40, y, { width: 40, align: 'right', goTo: entry.destination }),
      );
      this.tags.close();
      if (entry.level === 1) this.artifact(() => doc.moveTo(MARGIN.left, y + 16).lineTo(MARGIN.left + this.width, y + 16).lineWidth(0.3).strokeColor(RULE).stroke());
      doc.y = y + rowHeight(entry);
    });
    this.tags.close();
  }

  private runningHeader(page: number, pages: number): void {
    const { t, meta } = this.m;
    const doc = this.doc;
    this.style(TYPE.caption, 'body', MUTED).text(`${meta.title} · ${meta.organization}`, MARGIN.left, 34, {
      width: this.width * 0.75,
      lineBreak: false,
      ellipsis: true,
      height: 12,
    });
    this.style(TYPE.caption, 'body', MUTED).text(meta.questionnaire, MARGIN.left + this.width * 0.5, 34, {
      width: this.width * 0.5,
      align: 'right',
      lineBreak: false,
      height: 12,
    });
    doc.moveTo(MARGIN.left, 48).lineTo(MARGIN.left + this.width, 48).lineWidth(0.4).strokeColor(RULE).stroke();
    const code = meta.verification?.code;
    const pageOf = t('report.pageOf', { page, pages });
    this.style(TYPE.caption, 'body', MUTED).text(code ? `${pageOf} · ${t('report.footerCode', { code })}` : pageOf, MARGIN.left, doc.page.height - 40, {
      width: this.width,
      align: 'center',
      lineBreak: false,
    });
  }

  private draftMark(): void {
    const doc = this.doc;
    const { width, height } = doc.page;
    doc.save();
    doc.rotate(-35, { origin: [width / 2, height / 2] });
    doc.fillOpacity(0.08);
    this.style(96, 'bold', ALERT).text(this.m.t('report.draftMark'), 0, height / 2 - 60, { width, align: 'center', lineBreak: false });
    doc.fillOpacity(1);
    doc.restore();
    this.style(TYPE.caption, 'bold', ALERT).text(this.m.t('report.draftMark'), MARGIN.left, 20, { width: this.width, align: 'right', lineBreak: false });
  }
}

export function renderReportPdf(model: ReportModel): Promise<Buffer> {
  const w = new ReportWriter(model);
  const chunks: Buffer[] = [];
  w.doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    w.doc.on('end', () => resolve(Buffer.concat(chunks)));
    w.doc.on('error', reject);
  });
  w.cover();
  w.contentsPlaceholder();
  w.summary();
  w.charts();
  w.findings();
  w.gapPlan();
  w.benchmark();
  w.review();
  w.appendix();
  w.finish();
  w.doc.end();
  return done;
}
