// PDF reports are laid out in worker threads behind a bounded queue: the page's PDF comes from the pool, a
// report beyond the workers and the queue is refused at once (Busy), and the page answers that with 503 and
// Retry-After rather than a wait or a stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportBenchInput } from '../../bench/report.js';
import { Busy } from '../../server/errors.js';
import { reportRenderer, type ReportRenderer } from '../../server/reports/render-pool.js';
import { agent, createTestApp, registerOrg, setupAdmin, startAssessment, type Agent, type TestApp } from '../helpers/app.js';
import { pdfText } from '../helpers/pdf.js';

const binary = (a: Agent, url: string) =>
  a
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });

let t: TestApp;
let org: Agent;
let id: string;
beforeAll(async () => {
  t = await createTestApp({ REPORT_WORKERS: '1', REPORT_QUEUE: '2' });
  await setupAdmin(agent(t.app));
  org = agent(t.app);
  await registerOrg(org, 'pool@example.com', '池测试有限公司');
  id = await startAssessment(org);
});
afterAll(() => t.close());

describe('the report worker pool', () => {
  it('lays out the page’s PDF in a worker thread', async () => {
    const before = t.ctx.reports.inFlight;
    const res = await binary(org, `/assessments/${id}/report.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(pdfText(res.body as Buffer)).toContain('池测试有限公司');
    expect(t.ctx.reports.inFlight).toBe(before);
  });

  it('takes as many reports at once as workers + queue, refuses the next with Busy, and takes more once they are done', async () => {
    const pool = reportRenderer({ workers: 1, queue: 1, retryAfterSeconds: 7 });
    try {
      const input = reportBenchInput();
      const first = pool.render(input, 'zh-CN');
      const second = pool.render(input, 'en');
      const third = pool.render(input, 'en');
      await expect(third).rejects.toBeInstanceOf(Busy);
      await expect(third).rejects.toMatchObject({ retryAfterSeconds: 7 });
      expect(pdfText(await first)).toContain('执行摘要');
      expect(pdfText(await second)).toContain('Executive summary');
      expect(pool.inFlight).toBe(0);
      expect((await pool.render(input, 'en')).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await pool.close();
    }
  });

  it('answers a report the pool refuses with 503, Retry-After and a message in the user’s language', async () => {
    const real = t.ctx.reports;
    // The pool's refusal itself is tested above; here, what the page makes of it.
    t.ctx.reports = { inFlight: 3, render: () => Promise.reject(new Busy('errors.busy', 12)), close: async () => {} } satisfies ReportRenderer;
    try {
      const res = await org.get(`/assessments/${id}/report.pdf`);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('12');
      expect(res.text).toContain('服务器正在生成其他报告');
      expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      t.ctx.reports = real;
    }
  });
});
