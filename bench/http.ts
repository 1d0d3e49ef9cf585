// A request under load (autocannon, 127.0.0.1 only, bounded in time), against one or more real server
// processes sharing one database.
import autocannon from 'autocannon';

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
