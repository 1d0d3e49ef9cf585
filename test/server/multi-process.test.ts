import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { PASSWORD } from '../helpers/app.js';
import { createPgDatabase, pgServerUrl } from '../helpers/db.js';
import { HttpClient } from '../../scripts/lib/http-client.js';
import { startServer, type ServerProcess } from '../../scripts/lib/server-process.js';

// Several stateless app processes on one PostgreSQL: only meaningful on that backend (npm run test:pg).
describe.skipIf(!pgServerUrl)('two app processes on one PostgreSQL database', () => {
  const cleanups: (() => unknown)[] = [];
  afterAll(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('migrate once, share sessions, and keep every answer saved through either', async () => {
    const db = await createPgDatabase();
    cleanups.push(() => db.drop());
    const dataDir = mkdtempSync(join(tmpdir(), 'zhiping-mp-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = { DATABASE_URL: db.url, DATA_DIR: dataDir, PG_POOL_SIZE: '4' };

    const [a, b]: ServerProcess[] = await Promise.all([startServer(env), startServer(env)]);
    cleanups.push(() => a.stop(), () => b.stop());
    expect(a.port).not.toBe(b.port);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    cleanups.push(() => client.end());
    const applied = await client.query('select name from kysely_migration order by name');
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations));

    for (const s of [a, b]) expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ status: 'ok' });

    // Both processes ask for the same one-time setup code. Set up and register through A; the session then works on B.
    expect(a.setupCode).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect(b.setupCode).toBe(a.setupCode);
    const onA = new HttpClient(a.url);
    const setup = await onA.submit('/setup', [['setupCode', a.setupCode!], ['name', 'Admin'], ['email', 'admin@example.com'], ['password', PASSWORD], ['passwordConfirm', PASSWORD]]);
    expect(setup.status).toBe(303);
    const user = new HttpClient(a.url);
    const reg = await user.submit('/register', [
      ['orgName', '多进程公司'],
      ['creditCode', '91350100M000100Y43'],
      ['province', '350000'],
      ['industry', 'finance'],
      ['sizeBand', 'large'],
      ['name', '李四'],
      ['email', 'li@example.com'],
      ['password', PASSWORD],
      ['passwordConfirm', PASSWORD],
    ]);
    expect(reg.status).toBe(303);
    expect((await user.submit('/login', [['email', 'li@example.com'], ['password', PASSWORD]])).status).toBe(303);
    const onB = user.on(b.url);
    const list = await onB.get('/assessments');
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('李四');

    // Start on B, then answer alternately through A and B.
    const page = await (await onB.get('/assessments')).text();
    const orgId = /name="orgId" value="([^"]+)"/.exec(page)![1];
    const started = await onB.submit('/assessments', [['orgId', orgId], ['questionnaireId', 'enterprise-ai-maturity']]);
    const id = started.headers.get('location')!.split('/').pop()!;
    const questions = ['st-04', 'st-05', 'st-06', 'st-07', 'st-08', 'st-09', 'st-10', 'st-11'];
    const saves = questions.map((q, i) => {
      const via = i % 2 === 0 ? user : onB;
      return via.submit(`/assessments/${id}/sections/strategy`, [[`shown[${q}]`, '1'], [`a[${q}]`, '0.8']]);
    });
    for (const res of await Promise.all(saves)) expect(res.status).toBe(303);

    const rows = await client.query('select question_id from answers where assessment_id = $1 order by question_id', [id]);
    expect(rows.rows.map((r) => r.question_id)).toEqual(questions);
    // Saves run one after another per assessment, so the stored score has seen all of them.
    const score = await client.query('select result_json from assessment_scores where assessment_id = $1', [id]);
    expect(JSON.parse(score.rows[0].result_json).answeredCount).toBe(questions.length);
  });
});
