// Lays a ReportModel out as an A4 PDF with pdfkit: cover, contents, executive summary, charts,
// findings, improvement plan, benchmark, review and sign-off, appendix. One type scale and one colour
// per level throughout; running headers, page numbers, a DRAFT mark on drafts; tables repeat their
// header row on a new page and a heading never sits alone at a page foot.
import PDFDocument from 'pdfkit';
import { levelBarGeometry, radarGeometry } from '../domain/charts.js';
import { LEVEL_COLOURS, LEVEL_INKS } from '../domain/palette.js';
import { drawLevelBars, drawLevelLegend, drawRadar } from './pdf-charts.js';
import { drawBenchmark, drawBenchmarkLegend, pdfBenchmarkGeometry } from './pdf-benchmark.js';
import { ACCENT, ALERT, FILL, INK, MARGIN, MUTED, RULE, TYPE, style, type Doc } from './pdf-style.js';
import { reportFonts } from './fonts.js';
import type { ReportModel } from './model.js';

/** Space a heading needs below it so it never ends a page alone. */
const KEEP_WITH_NEXT = 90;

interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

class ReportWriter {
  readonly doc: Doc;
  readonly toc: { title: string; page: number; destination: string }[] = [];
  /** The bookmark of the current section, for the bookmarks of its parts (the dimensions). */
  private section: PDFKit.PDFOutline | undefined;

  constructor(private readonly m: ReportModel) {
    const fonts = reportFonts();
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      autoFirstPage: false,
      lang: m.locale,
      displayTitle: true,
      info: {
        Title: `${m.meta.title} · ${m.meta.organization}`,
        Author: m.t('report.author'),
        Subject: `${m.meta.questionnaire} v${m.meta.version}`,
        Keywords: m.t('report.keywords'),
        Creator: 'Zhiping',
      },
    });
    this.doc.registerFont('body', fonts.regular);
    this.doc.registerFont('bold', fonts.bold);
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

  /** A section heading; starts a new page when asked, and is recorded in the contents. */
  heading(title: string, options: { newPage?: boolean; toc?: boolean } = {}): void {
    if (options.newPage) this.newPage();
    else this.ensureSpace(KEEP_WITH_NEXT);
    if (options.toc !== false) {
      // A named destination for the clickable contents, and a bookmark in the reader's outline.
      const destination = `section-${this.toc.length + 1}`;
      this.doc.addNamedDestination(destination);
      this.toc.push({ title, page: this.doc.bufferedPageRange().count, destination });
      this.section = this.doc.outline.addItem(title);
    }
    this.style(TYPE.heading, 'bold', ACCENT).text(title, MARGIN.left, this.doc.y, { width: this.width });
    const y = this.doc.y + 3;
    this.doc.moveTo(MARGIN.left, y).lineTo(MARGIN.left + this.width, y).lineWidth(0.8).strokeColor(ACCENT).stroke();
    this.doc.y = y + 10;
  }

  subheading(title: string): void {
    this.ensureSpace(KEEP_WITH_NEXT * 0.7);
    this.style(TYPE.subheading, 'bold').text(title, MARGIN.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  paragraph(text: string, options: { color?: string; size?: number; indent?: number; gap?: number } = {}): void {
    if (!text) return;
    const indent = options.indent ?? 0;
    this.style(options.size ?? TYPE.body, 'body', options.color ?? INK).text(text, MARGIN.left + indent, this.doc.y, {
      width: this.width - indent,
      lineGap: 2.5,
    });
    this.doc.y += options.gap ?? 5;
  }

  bullets(items: string[], options: { numbered?: boolean } = {}): void {
    items.forEach((item, i) => {
      const marker = options.numbered ? `${i + 1}.` : '•';
      this.ensureSpace(TYPE.body * 2.5);
      const y = this.doc.y;
      this.style(TYPE.body, 'bold', ACCENT).text(marker, MARGIN.left + 4, y, { width: 14, lineBreak: false });
      this.style(TYPE.body).text(item, MARGIN.left + 20, y, { width: this.width - 20, lineGap: 2.5 });
      this.doc.y += 3;
    });
  }

  /** A table whose header repeats on each new page; a row taller than a page is cut with an ellipsis. */
  table(columns: Column[], rows: string[][], options: { levelColumn?: number; rowLevels?: number[] } = {}): void {
    const pad = 4;
    const headerHeight = () =>
      Math.max(...columns.map((c) => this.style(TYPE.caption, 'bold').heightOfString(c.header, { width: c.width - 2 * pad }))) + 2 * pad;
    const drawHeader = () => {
      const h = headerHeight();
      let x = MARGIN.left;
      const y = this.doc.y;
      this.doc.rect(MARGIN.left, y, this.width, h).fill('#e6ecf3');
      for (const c of columns) {
        this.style(TYPE.caption, 'bold').text(c.header, x + pad, y + pad, { width: c.width - 2 * pad, align: c.align ?? 'left' });
        x += c.width;
      }
      this.doc.y = y + h;
    };
    const maxRow = this.bottom - MARGIN.top - headerHeight() - 4;
    this.ensureSpace(headerHeight() + 30);
    drawHeader();
    rows.forEach((row, r) => {
      const heights = columns.map((c, i) => this.style(TYPE.body).heightOfString(row[i] ?? '', { width: c.width - 2 * pad, lineGap: 1.5 }));
      const height = Math.min(Math.max(...heights) + 2 * pad, maxRow);
      if (this.doc.y + height > this.bottom) {
        this.newPage();
        drawHeader();
      }
      const y = this.doc.y;
      if (r % 2 === 1) this.doc.rect(MARGIN.left, y, this.width, height).fill(FILL);
      let x = MARGIN.left;
      columns.forEach((c, i) => {
        const level = options.levelColumn === i ? options.rowLevels?.[r] : undefined;
        if (level !== undefined) this.levelChip(x + pad, y + pad, level);
        this.style(TYPE.body).text(level !== undefined ? '' : (row[i] ?? ''), x + pad, y + pad, {
          width: c.width - 2 * pad,
          height: height - 2 * pad,
          ellipsis: true,
          lineGap: 1.5,
          align: c.align ?? 'left',
        });
        x += c.width;
      });
      this.doc.moveTo(MARGIN.left, y + height).lineTo(MARGIN.left + this.width, y + height).lineWidth(0.4).strokeColor(RULE).stroke();
      this.doc.y = y + height;
    });
    this.doc.x = MARGIN.left;
    this.doc.y += 8;
  }

  levelChip(x: number, y: number, level: number): void {
    const label = level > 0 ? this.m.t('levels.short', { level }) : this.m.t('levels.none');
    this.style(TYPE.caption, 'bold');
    const w = this.doc.widthOfString(label) + 8;
    this.doc.roundedRect(x, y, w, TYPE.caption + 5, 2).fill(LEVEL_COLOURS[level]);
    this.style(TYPE.caption, 'bold', LEVEL_INKS[level]).text(label, x + 4, y + 1.5, { lineBreak: false });
  }

  cover(): void {
    const { meta } = this.m;
    this.newPage();
    const doc = this.doc;
    doc.rect(0, 0, doc.page.width, 210).fill('#102a43');
    this.style(TYPE.caption + 2, 'body', '#bcccdc').text(this.m.t('report.author'), MARGIN.left, 70, { width: this.width });
    this.style(TYPE.title, 'bold', '#ffffff').text(meta.title, MARGIN.left, 100, { width: this.width });
    this.style(TYPE.subheading, 'body', '#d9e2ec').text(`${meta.questionnaire} · v${meta.version}`, MARGIN.left, doc.y + 6, { width: this.width });
    doc.y = 250;
    const row = (label: string, value: string) => {
      if (!value) return;
      const y = doc.y;
      this.style(TYPE.body, 'body', MUTED).text(label, MARGIN.left, y, { width: 120 });
      this.style(TYPE.subheading, 'bold').text(value, MARGIN.left + 130, y - 1, { width: this.width - 130 });
      doc.y = Math.max(doc.y, y + 16) + 8;
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
    doc.y += 14;
    if (meta.signature) {
      const top = doc.y;
      doc.rect(MARGIN.left, top, this.width, 56).fill('#effaf4');
      this.style(TYPE.body, 'bold', '#1a7f4b').text(meta.signature, MARGIN.left + 12, top + 10, { width: this.width - 24 });
      if (meta.verification) this.style(TYPE.caption, 'body', '#1a7f4b').text(meta.verification.line, MARGIN.left + 12, top + 30, { width: this.width - 24 });
      doc.y = top + 46;
    } else {
      const top = doc.y;
      const height = this.m.provisional ? 58 : 40;
      doc.rect(MARGIN.left, top, this.width, height).fill('#fff4e5');
      this.style(TYPE.body, 'bold', '#8a4b00').text(this.m.t('report.cover.draftNote'), MARGIN.left + 12, top + 13, { width: this.width - 24 });
      if (this.m.provisional) this.style(TYPE.caption, 'body', '#8a4b00').text(this.m.provisional, MARGIN.left + 12, top + 33, { width: this.width - 24 });
      doc.y = top + height - 10;
    }
    if (meta.notice) {
      doc.y += 24;
      this.style(TYPE.body, 'bold').text(this.m.t('report.cover.notice'), MARGIN.left, doc.y, { width: this.width });
      this.paragraph(meta.notice, { color: MUTED });
    }
    this.style(TYPE.caption, 'body', MUTED).text(this.m.t('report.cover.basis'), MARGIN.left, this.bottom - 30, { width: this.width });
  }

  contentsPlaceholder(): void {
    this.newPage();
  }

  summary(): void {
    const { summary, t } = { summary: this.m.summary, t: this.m.t };
    this.heading(t('report.sections.summary'), { newPage: true });
    const doc = this.doc;
    const boxY = doc.y;
    const colour = LEVEL_COLOURS[this.m.achievedLevel ?? 0];
    doc.roundedRect(MARGIN.left, boxY, this.width, 70, 4).fill(FILL);
    doc.rect(MARGIN.left, boxY, 6, 70).fill(colour);
    this.style(TYPE.caption, 'body', MUTED).text(t('result.band'), MARGIN.left + 20, boxY + 12);
    this.style(TYPE.heading + 3, 'bold', colour).text(summary.levelLabel, MARGIN.left + 20, boxY + 26, { width: this.width / 2 });
    this.style(TYPE.caption, 'body', MUTED).text(t('result.score'), MARGIN.left + this.width / 2 + 20, boxY + 12);
    this.style(TYPE.heading + 3, 'bold').text(`${summary.scoreLabel} / 5`, MARGIN.left + this.width / 2 + 20, boxY + 26);
    this.style(TYPE.caption, 'body', MUTED).text(summary.answered, MARGIN.left + this.width / 2 + 20, boxY + 52);
    doc.y = boxY + 84;
    if (this.m.provisional) this.paragraph(this.m.provisional, { color: '#8a4b00' });
    this.style(TYPE.subheading, 'bold').text(summary.headline, MARGIN.left, doc.y, { width: this.width });
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
    drawRadar(this.doc, radar, { x: ox, y: oy }, this.m.dimensions.map((d) => d.level));
    this.doc.y = oy + radarSize.height + 4;
    this.caption(t('report.charts.radarCaption'));
    // The dots' colours are levels: the same legend as under the bars.
    this.doc.y = drawLevelLegend(this.doc, { x: MARGIN.left, y: this.doc.y + 6 }, this.width, [t('levels.none'), ...this.m.levelNames]);
    this.doc.y += 10;
    this.ensureSpace(240);
    const bars = levelBarGeometry(this.m.levelScores, { width: this.width, height: 200, threshold: this.m.threshold });
    const by = this.doc.y;
    drawLevelBars(this.doc, bars, { x: MARGIN.left, y: by }, this.m.levelNames, this.m.fmt);
    // Bar labels may wrap to two lines below the plot.
    this.doc.y = by + bars.height + 18;
    this.caption(t('report.charts.barCaption', { threshold: this.m.fmt(this.m.threshold) }));
    this.doc.y = drawLevelLegend(this.doc, { x: MARGIN.left, y: this.doc.y + 8 }, this.width, [this.m.t('levels.none'), ...this.m.levelNames]);
  }

  private caption(text: string): void {
    this.style(TYPE.caption, 'body', MUTED).text(text, MARGIN.left, this.doc.y, { width: this.width, align: 'center' });
  }

  findings(): void {
    const t = this.m.t;
    this.heading(t('report.sections.findings'), { newPage: true });
    this.table(
      [
        { header: t('result.dimension'), width: this.width * 0.4 },
        { header: t('assessments.level'), width: this.width * 0.15 },
        { header: t('assessments.score'), width: this.width * 0.12, align: 'right' },
        ...[1, 2, 3, 4, 5].map((k) => ({ header: `T(${k})`, width: (this.width * 0.33) / 5, align: 'right' as const })),
      ],
      this.m.dimensions.map((d) => [d.title, '', this.m.fmt(d.score), ...d.levelScores.map((v) => (v === null ? '–' : this.m.fmt(v)))]),
      { levelColumn: 1, rowLevels: this.m.dimensions.map((d) => d.level) },
    );
    for (const d of this.m.dimensions) {
      this.subheading(d.title);
      this.section?.addItem(d.title);
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
        [
          { header: t('report.appendix.id'), width: 64 },
          { header: t('report.gap.dimension'), width: this.width * 0.25 },
          { header: t('report.gap.requirement'), width: this.width * 0.75 - 64 },
        ],
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
        { header: '#', width: 20 },
        { header: t('report.gap.requirement'), width: this.width * 0.5 - 20 },
        { header: t('report.gap.gain'), width: 52, align: 'right' },
        { header: t('question.recommendation'), width: this.width * 0.5 - 52 },
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
      this.doc.y = drawBenchmark(this.doc, g, { x: MARGIN.left, y: this.doc.y + 4 }, b.rows) + 6;
      this.caption(b.caption);
      this.doc.y = drawBenchmarkLegend(this.doc, { x: MARGIN.left, y: this.doc.y + 6 }, this.width, b.legend) + 10;
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
    this.doc.rect(MARGIN.left, y, this.width, 90).lineWidth(0.8).strokeColor(RULE).stroke();
    if (this.m.meta.signature) {
      this.style(TYPE.body, 'bold', '#1a7f4b').text(this.m.meta.signature, MARGIN.left + 12, y + 14, { width: this.width - 24 });
      this.style(TYPE.caption, 'body', MUTED).text(t('report.signoff.locked'), MARGIN.left + 12, y + 40, { width: this.width - 24 });
      if (this.m.meta.verification) this.style(TYPE.caption, 'body', MUTED).text(this.m.meta.verification.line, MARGIN.left + 12, y + 58, { width: this.width - 24 });
    } else {
      this.style(TYPE.body, 'bold', '#8a4b00').text(t('report.signoff.pending'), MARGIN.left + 12, y + 14, { width: this.width - 24 });
      this.style(TYPE.caption, 'body', MUTED).text(t('report.signoff.lines'), MARGIN.left + 12, y + 58, { width: this.width - 24 });
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
    // The question and the answer get the room; an N/A reason goes with its answer, and the evidence
    // column is there only when some answer has evidence. One table per dimension, under its name.
    const evidenceWidth = withEvidence ? this.width * 0.2 : 0;
    const columns: Column[] = [
      { header: t('report.appendix.id'), width: 64 },
      { header: t('report.appendix.question'), width: (this.width - 64 - evidenceWidth) * 0.55 },
      { header: t('report.appendix.answer'), width: (this.width - 64 - evidenceWidth) * 0.45 },
      ...(withEvidence ? [{ header: t('report.appendix.evidence'), width: evidenceWidth }] : []),
    ];
    const dimensions = [...new Set(this.m.appendix.map((r) => r.dimension))];
    for (const dimension of dimensions) {
      this.subheading(dimension);
      this.table(
        columns,
        this.m.appendix
          .filter((r) => r.dimension === dimension)
          .map((r) => {
            const answer = r.naReason ? `${r.answer}\n${t('report.appendix.naReasonLine', { reason: r.naReason })}` : r.answer;
            return [r.questionId, r.text, answer, ...(withEvidence ? [r.evidence] : [])];
          }),
      );
    }
  }

  /** Fills the contents page, then adds headers, footers and the DRAFT mark to every page. */
  finish(): void {
    const doc = this.doc;
    const t = this.m.t;
    const range = doc.bufferedPageRange();
    doc.switchToPage(1);
    doc.y = MARGIN.top;
    this.style(TYPE.heading, 'bold', ACCENT).text(t('report.sections.contents'), MARGIN.left, doc.y, { width: this.width });
    doc.y += 14;
    for (const entry of this.toc) {
      const y = doc.y;
      this.style(TYPE.body + 1).text(entry.title, MARGIN.left, y, { width: this.width - 40, lineBreak: false, goTo: entry.destination });
      this.style(TYPE.body + 1).text(String(entry.page), MARGIN.left + this.width - 40, y, { width: 40, align: 'right', goTo: entry.destination });
      doc.moveTo(MARGIN.left, y + 16).lineTo(MARGIN.left + this.width, y + 16).lineWidth(0.3).strokeColor(RULE).stroke();
      doc.y = y + 24;
    }
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(i);
      const page = doc.page;
      const savedBottom = page.margins.bottom;
      page.margins.bottom = 0;
      if (this.m.meta.draft) this.draftMark();
      if (i > 0) {
        this.style(TYPE.caption, 'body', MUTED).text(
          `${this.m.meta.title} · ${this.m.meta.organization}`,
          MARGIN.left,
          34,
          { width: this.width * 0.75, lineBreak: false, ellipsis: true, height: 12 },
        );
        this.style(TYPE.caption, 'body', MUTED).text(this.m.meta.questionnaire, MARGIN.left + this.width * 0.5, 34, {
          width: this.width * 0.5,
          align: 'right',
          lineBreak: false,
          height: 12,
        });
        doc.moveTo(MARGIN.left, 48).lineTo(MARGIN.left + this.width, 48).lineWidth(0.4).strokeColor(RULE).stroke();
        const code = this.m.meta.verification?.code;
        this.style(TYPE.caption, 'body', MUTED).text(
          code ? `${t('report.pageOf', { page: i + 1, pages: range.count })} · ${t('report.footerCode', { code })}` : t('report.pageOf', { page: i + 1, pages: range.count }),
          MARGIN.left,
          page.height - 40,
          { width: this.width, align: 'center', lineBreak: false },
        );
      }
      page.margins.bottom = savedBottom;
    }
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
