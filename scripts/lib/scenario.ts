// A signed-in respondent with a fresh enterprise assessment on a running server: the starting point
// of benchmarks and of tests against real server processes.
import { HttpClient, csrfTokenIn } from './http-client.js';

export const PASSWORD = 'scenario password 123';

/** Creates an admin (with the setup code the server printed), an organization and an enterprise assessment; returns the signed-in client. */
export async function prepareAssessment(server: { url: string; setupCode?: string }): Promise<{ client: HttpClient; assessmentId: string; csrf: string }> {
  const baseUrl = server.url;
  const admin = new HttpClient(baseUrl);
  const setup = await admin.submit('/setup', [['setupCode', server.setupCode ?? ''], ['name', 'Admin'], ['email', 'admin@bench.local'], ['password', PASSWORD], ['passwordConfirm', PASSWORD]]);
  if (setup.status !== 303) throw new Error(`setup failed: ${setup.status}`);
  const client = new HttpClient(baseUrl);
  await client.submit('/register', [
    ['orgName', '压测公司'],
    ['creditCode', '91350100M000100Y43'],
    ['province', '350000'],
    ['industry', 'ict'],
    ['sizeBand', 'medium'],
    ['name', 'Bench'],
    ['email', 'user@bench.local'],
    ['password', PASSWORD],
    ['passwordConfirm', PASSWORD],
  ]);
  await client.submit('/login', [['email', 'user@bench.local'], ['password', PASSWORD]]);
  const list = await (await client.get('/assessments')).text();
  const orgId = /name="orgId" value="([^"]+)"/.exec(list)![1];
  const started = await client.submit('/assessments', [['orgId', orgId], ['questionnaireId', 'enterprise-ai-maturity']]);
  const assessmentId = started.headers.get('location')!.split('/').pop()!;
  const page = await (await client.get(`/assessments/${assessmentId}/sections/strategy`)).text();
  return { client, assessmentId, csrf: csrfTokenIn(page) };
}

