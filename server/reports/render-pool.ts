// PDF reports are laid out in a pool of worker threads (piscina), one per core by default, so a report being
// rendered never holds up the pages other users are waiting for. The queue in front of the workers is
// bounded: when every worker is busy and `queue` reports already wait, the next one is refused at once with
// Busy (503 and Retry-After) instead of piling up memory and time.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { projectRoot } from '../config.js';
import type { Locale } from '../domain/questionnaire/schema.js';
import { Busy } from '../errors.js';
import type { ReportInput } from './model.js';
import type { RenderTask } from './render-worker.js';

export interface ReportRenderer {
  render(input: ReportInput, locale: Locale): Promise<Buffer>;
  /** Reports being rendered or waiting. */
  readonly inFlight: number;
  close(): Promise<void>;
}

/** The compiled worker: beside this file when running the build, else in dist/ (tests run the TypeScript; the suite builds dist/ first). */
function workerFile(): string {
  const beside = fileURLToPath(new URL('./render-worker.js', import.meta.url));
  return existsSync(beside) ? beside : resolve(projectRoot, 'dist', 'server', 'reports', 'render-worker.js');
}

/** Each report worker's old-generation heap bound. */
export const REPORT_HEAP_MB = 128;

/**
 * Each report worker's young generation (where V8 allocates). Laying out a report allocates some 70 MB of
 * short-lived objects (glyph runs, lines, content strings); left to itself V8 grows a busy thread's new space
 * to its largest (two 16 MiB semi-spaces) and keeps it. At 12 MiB (two 4 MiB semi-spaces) a 150-question
 * report's process peaks some 30 MiB lower, and the more frequent but smaller scavenges cost no more CPU in
 * all (bench/: report).
 */
export const REPORT_YOUNG_MB = 12;

export function reportRenderer(options: { workers: number; queue: number; retryAfterSeconds?: number }): ReportRenderer {
  const pool = new Piscina<RenderTask, Uint8Array>({
    filename: workerFile(),
    minThreads: 0,
    maxThreads: options.workers,
    // A worker that stays idle a while ends (the fonts it loaded go with it); the next report starts one.
    idleTimeout: 60_000,
    maxQueue: options.queue,
    // A 150-question report needs well under 96 MiB of heap with its fonts; without a bound V8 lets a busy
    // worker's heap grow lazily to twice that before collecting (bench/: peak RSS).
    resourceLimits: { maxOldGenerationSizeMb: REPORT_HEAP_MB, maxYoungGenerationSizeMb: REPORT_YOUNG_MB },
  });
  let inFlight = 0;
  return {
    get inFlight() {
      return inFlight;
    },
    async render(input, locale) {
      // Counted here, not left to the pool's own check, so the limit is exact: workers + queue at once.
      if (inFlight >= options.workers + options.queue) throw new Busy('errors.busy', options.retryAfterSeconds ?? 10);
      inFlight++;
      try {
        const bytes = await pool.run({ input, locale });
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } finally {
        inFlight--;
      }
    },
    close: () => pool.destroy(),
  };
}
