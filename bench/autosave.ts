// Deadline day: 50 respondents, each in their own organization's draft, autosaving the whole strategy
// section (17 answers, one of them changed each time) as fast as the server answers. Each respondent
// holds one keep-alive connection with their session cookie and CSRF token and alternates between two
// forms that differ in one answer, so every save writes exactly one answer and its revision and stores
// the recomputed score.
import { Agent, request } from 'node:http';
import { resolve } from 'node:path';
import { loadQuestionnaireDir } from '../server/catalog/files.js';
import { projectRoot } from '../server/config.js';
import { csrfTokenIn, HttpClient } from '../scripts/lib/http-client.js';
import type { ServerProcess } from '../scripts/lib/server-process.js';
import { answerFor, BENCH_PASSWORD, orgAdminEmail, random, type Programme } from './programme-data.js';
import { percentile } from './stats.js';

export const AUTOSAVE_CLIENTS = 50;
/** The shape generateProgramme is given for this benchmark: one draft per respondent, fully answered. */
export const AUTOSAVE_PROGRAMME = { organizations: AUTOSAVE_CLIENTS, assessments: AUTOSAVE_CLIENTS, consultants: 0, draftAnswers: 1000, versions: ['1.0.0'], statuses: ['draft' as const] };

export interface AutosaveRun {
  label: string;
  clients: number;
  savesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  failed: number;
  /** Responses by HTTP status, and connection errors and timeouts, when anything failed. */
  outcomes: Record<string, number>;
}

/** The strategy section's answers every respondent posts (the same for all; read from the questionnaire once). */
let strategyFields: (readonly [string, string])[] | undefined;
function sectionFields(): (readonly [string, string])[] {
  if (strategyFields) return strategyFields;
  const q = loadQuestionnaireDir(resolve(projectRoot, 'questionnaires')).find((x) => x.id === 'enterprise-ai-maturity' && x.version === '1.0.0')!;
  const questions = q.dimensions.find((d) => d.id === 'strategy')!.subDimensions.flatMap((s) => s.questions);
  const next = random(7);
  return (strategyFields = questions.map((question) => [question.id, String(answerFor(question, next, 0.3))] as const));
}

/** The two forms of the strategy section a respondent alternates between (they differ in st-04 only). */
function sectionForms(csrf: string): [string, string] {
  const fields = sectionFields();
  const form = (changed: string) =>
    new URLSearchParams([
      ['_csrf', csrf],
      ['go', 'autosave'],
      ...fields.flatMap(([id, value]) => [[`shown[${id}]`, '1'], [`a[${id}]`, id === 'st-04' ? changed : value]]),
    ]).toString();
  return [form('1'), form('0.5')];
}

interface Respondent {
  base: string;
  path: string;
  cookie: string;
  forms: [string, string];
}

async function signIn(base: string, orgIndex: number, assessmentId: string): Promise<Respondent> {
  const client = new HttpClient(base);
  const login = await client.submit('/login', [['email', orgAdminEmail(orgIndex)], ['password', BENCH_PASSWORD]]);
  if (login.status !== 303) throw new Error(`login failed: ${login.status}`);
  const path = `/assessments/${assessmentId}/sections/strategy`;
  const page = await client.get(path);
  if (page.status !== 200) throw new Error(`${path}: ${page.status}`);
  return { base, path, cookie: client.cookieHeader(), forms: sectionForms(csrfTokenIn(await page.text())) };
}

/** One POST on the respondent's own keep-alive connection; resolves with its status. */
function post(agent: Agent, r: Respondent, body: string): Promise<number> {
  return new Promise((resolvePost, reject) => {
    const req = request(r.base + r.path, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), cookie: r.cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolvePost(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Every respondent saves again as soon as the last save was answered (a closed loop, one connection
 * each, spread over the servers), for `seconds`; latencies are exact, from all saves.
 */
export async function autosaveLoad(
  label: string,
  servers: ServerProcess[],
  programme: Programme,
  seconds: number,
  /** Where the respondents sign in and open the section, when not the servers they save to (the stack floor). */
  signInAt: ServerProcess[] = servers,
): Promise<AutosaveRun> {
  const respondents: Respondent[] = [];
  for (const [i, a] of programme.assessments.entries()) {
    const r = await signIn(signInAt[i % signInAt.length].url, a.orgIndex, a.id);
    respondents.push({ ...r, base: servers[i % servers.length].url });
  }
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  const count = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    respondents.map(async (r) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let turn = 0; performance.now() < end; turn = 1 - turn) {
          const sent = performance.now();
          try {
            count(String(await post(agent, r, r.forms[turn])));
          } catch {
            count('errors');
          }
          latencies.push(performance.now() - sent);
        }
      } finally {
        agent.destroy();
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const ok = outcomes['200'] ?? 0;
  return {
    label,
    clients: respondents.length,
    savesPerSec: ok / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    ok,
    failed: latencies.length - ok,
    outcomes,
  };
}
