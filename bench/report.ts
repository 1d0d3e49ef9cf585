// Time and memory to produce the PDF report of a 150-question assessment (the enterprise
// questionnaire's 140 questions plus 10 more, all answered, with long consultant comments).
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../server/config.js';
import type { Answer } from '../server/domain/questionnaire/answers.js';
import type { Questionnaire } from '../server/domain/questionnaire/schema.js';
import { snapshotOfAnswers } from '../server/domain/record/snapshot-of-answers.js';
import { parseQuestionnaireText } from '../server/catalog/files.js';
import type { ReportInput } from '../server/reports/model.js';
import { median } from './stats.js';
import { reportRenderer } from '../server/reports/render-pool.js';

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
  medianMs: number;
  maxMs: number;
  /** The process's CPU time (all its threads: the worker, V8's helpers) per later report, median: less at the mercy of other load than the time. */
  medianCpuMs: number;
  bytes: number;
  /** Resident size after the first report (the CJK font read and parsed), and the process's peak. */
  rssAfterFirstMb: number;
  peakRssMb: number;
}

/** This process's peak resident size so far (VmHWM), in MiB. */
function peakRssMb(): number {
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
}

/**
 * Renders the report `runs` + 1 times (zh-CN and en alternating) the way the app does, in the report worker
 * pool (one worker); run it in a fresh process, whose peak resident size is then the report's.
 */
export async function benchReport(runs = 15): Promise<ReportBench> {
  const input = reportBenchInput();
  const questions = input.questionnaire.dimensions.reduce((n, d) => n + d.subDimensions.reduce((m, s) => m + s.questions.length, 0), 0);
  const renderer = reportRenderer({ workers: 1, queue: 1 });
  const times: number[] = [];
  const cpu: number[] = [];
  let pdf: Buffer = Buffer.alloc(0);
  let rssAfterFirstMb = 0;
  try {
    for (let r = 0; r < runs + 1; r++) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      pdf = await renderer.render(input, r % 2 === 0 ? 'zh-CN' : 'en');
      times.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
      if (r === 0) rssAfterFirstMb = process.memoryUsage().rss / 2 ** 20;
    }
  } finally {
    await renderer.close();
  }
  const steady = times.slice(1);
  const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  return {
    questions,
    pages,
    firstMs: times[0],
    medianMs: median(steady),
    maxMs: Math.max(...steady),
    medianCpuMs: median(cpu.slice(1)),
    bytes: pdf.length,
    rssAfterFirstMb,
    peakRssMb: peakRssMb(),
  };
}

/** The report benchmark in a process of its own, so its memory is the report's alone. */
export function benchReportInChild(): Promise<ReportBench> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolveRun(JSON.parse(out) as ReportBench) : reject(new Error(`report bench exited with ${code}`))));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(await benchReport()));
}
