// The answering page and the answer-save request under load (autocannon, 127.0.0.1 only, bounded
// in time), against one or more real server processes sharing one database.
import autocannon from 'autocannon';
import { prepareAssessment } from '../scripts/lib/scenario.js';

export interface LoadResult {
  label: string;
  processes: number;
  connections: number;
  seconds: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  failed: number;
}

async function fire(url: string, options: Partial<autocannon.Options>, okStatus: number) {
  const result = await autocannon({ url, ...options });
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const ok = stats[String(okStatus)]?.count ?? 0;
  const total = Object.values(stats).reduce((n, s) => n + s.count, 0) + result.errors + result.timeouts;
  return { result, ok, failed: total - ok };
}

/** Runs the same load against every server at once (connections split between them) and sums it up. */
export async function load(
  label: string,
  servers: string[],
  request: { path: string; method: 'GET' | 'POST'; body?: string; okStatus: number },
  headers: Record<string, string>,
  seconds: number,
  connections: number,
): Promise<LoadResult> {
  const per = Math.max(1, Math.floor(connections / servers.length));
  const runs = await Promise.all(
    servers.map((base) =>
      fire(
        base + request.path,
        {
          method: request.method,
          body: request.body,
          headers: { ...headers, ...(request.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
          connections: per,
          duration: seconds,
        },
        request.okStatus,
      ),
    ),
  );
  const requestsPerSec = runs.reduce((n, r) => n + r.result.requests.average, 0);
  return {
    label,
    processes: servers.length,
    connections: per * servers.length,
    seconds,
    requestsPerSec,
    p50Ms: Math.max(...runs.map((r) => r.result.latency.p50)),
    p99Ms: Math.max(...runs.map((r) => r.result.latency.p99)),
    ok: runs.reduce((n, r) => n + r.ok, 0),
    failed: runs.reduce((n, r) => n + r.failed, 0),
  };
}

/** The two requests a respondent makes most: open a section, save it. */
export async function answeringLoad(
  backend: string,
  processes: { url: string; setupCode?: string }[],
  seconds: number,
  connections: number,
): Promise<LoadResult[]> {
  const { client, assessmentId, csrf } = await prepareAssessment(processes[0]);
  const servers = processes.map((p) => p.url);
  const headers = { cookie: client.cookieHeader() };
  const section = `/assessments/${assessmentId}/sections/strategy`;
  const save = new URLSearchParams([['_csrf', csrf], ['shown[st-04]', '1'], ['a[st-04]', '0.8'], ['shown[st-05]', '1'], ['a[st-05]', '0.5']]).toString();
  return [
    await load(`${backend}: GET answering page`, servers, { path: section, method: 'GET', okStatus: 200 }, headers, seconds, connections),
    await load(`${backend}: POST answer save`, servers, { path: section, method: 'POST', body: save, okStatus: 303 }, headers, seconds, connections),
  ];
}
