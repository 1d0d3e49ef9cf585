// Time and memory to produce the PDF report of a 150-question assessment (the enterprise
// questionnaire's 140 questions plus 10 more, all answered, with long consultant comments).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectRoot } from '../server/config.js';
import type { Answer } from '../server/domain/questionnaire/answers.js';
import type { Questionnaire } from '../server/domain/questionnaire/schema.js';
import { snapshotOfAnswers } from '../server/domain/record/snapshot-of-answers.js';
import { parseQuestionnaireText } from '../server/catalog/files.js';
import { buildReportModel, type ReportInput } from '../server/reports/model.js';
import { renderReportPdf } from '../server/reports/pdf.js';

/** Answers that read like a typical level-2 organization: basics in place, integration partly, little beyond. */
const BY_LEVEL = [
  [1, 1, 0.8, 1],
  [1, 0.8, 0.8, 0.5],
  [0.8, 0.5, 0.5, 0],
  [0.5, 0, 0, 0],
  [0.5, 0, 0, 0],
];

export function reportBenchInput(): ReportInput {
  const file = resolve(projectRoot, 'questionnaires', 'enterprise-ai-maturity-1.0.0.yaml');
  const parsed = parseQuestionnaireText(file, readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error('enterprise questionnaire does not load');
  const q: Questionnaire = structuredClone(parsed.questionnaire);
  const target = q.dimensions[0].subDimensions[0].questions;
  const extra = q.dimensions[0].subDimensions.flatMap((s) => s.questions).filter((x) => x.type === 'conformance').slice(0, 150 - 140);
  target.push(...extra.map((x) => ({ ...x, id: `${x.id}-copy`, visibleWhen: undefined })));
  const answers = new Map<string, Answer>();
  let i = 0;
  for (const d of q.dimensions)
    for (const s of d.subDimensions)
      for (const x of s.questions) {
        i++;
        if (x.type === 'conformance') answers.set(x.id, BY_LEVEL[x.level - 1][i % 4]);
        else if (x.type === 'ladder') answers.set(x.id, 2);
        else if (x.type === 'yesno') answers.set(x.id, i % 2 === 0);
        else if (x.type === 'single') answers.set(x.id, x.options[0].value);
        else if (x.type === 'multiple') answers.set(x.id, [x.options[0].value]);
        else if (x.type === 'number') answers.set(x.id, 5);
        else answers.set(x.id, '我们的人工智能项目覆盖质检、排产与客服。'.repeat(5));
      }
  const long = '顾问意见：数据治理的责任划分已经明确，但模型上线前的评测记录不完整，建议在下一季度补齐评测集并纳入发布门禁。'.repeat(6);
  const now = new Date().toISOString();
  const snapshot = snapshotOfAnswers({
    questionnaire: q,
    answers,
    organization: { name: '华东精密制造股份有限公司', industry: 'manufacturing-discrete', sizeBand: 'large' },
    title: '2026 年度自评',
    comments: Array.from({ length: 20 }, (_, k) => ({ questionId: k % 3 === 0 ? null : 'st-04', author: '王顾问', at: now, text: long })),
    signature: { revision: 1, signedBy: '王顾问', signedAt: now, conclusion: '评估材料完整，结论可信。' },
    takenAt: now,
  });
  return { questionnaire: q, snapshot, verificationCode: 'A1B2C3D4E5F60718293A', generatedAt: now };
}

export interface ReportBench {
  questions: number;
  pages: number;
  firstMs: number;
  meanMs: number;
  maxMs: number;
  bytes: number;
  rssMb: number;
  heapDeltaMb: number;
}

export async function benchReport(runs = 8): Promise<ReportBench> {
  const input = reportBenchInput();
  const questions = input.questionnaire.dimensions.reduce((n, d) => n + d.subDimensions.reduce((m, s) => m + s.questions.length, 0), 0);
  const heapBefore = process.memoryUsage().heapUsed;
  let rssPeak = 0;
  const times: number[] = [];
  let pdf: Buffer = Buffer.alloc(0);
  for (let r = 0; r < runs + 1; r++) {
    const start = performance.now();
    pdf = await renderReportPdf(buildReportModel(input, r % 2 === 0 ? 'zh-CN' : 'en'));
    times.push(performance.now() - start);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }
  const steady = times.slice(1);
  const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  return {
    questions,
    pages,
    firstMs: times[0],
    meanMs: steady.reduce((a, b) => a + b, 0) / steady.length,
    maxMs: Math.max(...steady),
    bytes: pdf.length,
    rssMb: rssPeak / 2 ** 20,
    heapDeltaMb: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20,
  };
}
