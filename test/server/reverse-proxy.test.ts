// The app behind a real reverse proxy: nginx from Debian, started by this test on 127.0.0.1 with TLS
// (a throwaway certificate made here), COOKIE_SECURE=true and TRUST_PROXY=1 as README documents.
// The browser stand-in connects from 127.0.0.2, so its address, the proxy's (127.0.0.1) and one it
// claims in X-Forwarded-For (6.6.6.6) are all different.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase, pgServerUrl } from '../helpers/db.js';
import { PASSWORD } from '../helpers/app.js';
import { csrfTokenIn } from '../../scripts/lib/http-client.js';
import { startServer, type ServerProcess } from '../../scripts/lib/server-process.js';

const CLIENT_ADDRESS = '127.0.0.2';

function findNginx(): string | undefined {
  for (const path of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(path)) return path;
  try {
    return execFileSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const nginx = findNginx();
const skip = !nginx && !process.env.CI;
if (skip) console.warn('reverse-proxy test skipped: nginx is not installed (apt-get install -y nginx; under CI=true it is required)');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port (bounded: about 10 s). */
async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((r) => {
      const c = connect(port, '127.0.0.1', () => (c.end(), r(true)));
      c.once('error', () => r(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A browser stand-in over HTTPS that trusts the test's certificate and keeps cookies. */
class Browser {
  readonly cookies = new Map<string, string>();
  readonly setCookies: string[] = [];
  constructor(
    private readonly port: number,
    private readonly ca: string,
  ) {}

  request(method: string, path: string, body?: URLSearchParams, headers: Record<string, string> = {}): Promise<Reply> {
    const payload = body?.toString();
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: this.port,
          localAddress: CLIENT_ADDRESS,
          method,
          path,
          ca: this.ca,
          servername: 'localhost',
          headers: {
            Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            ...(payload ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(Buffer.byteLength(payload)) } : {}),
            ...headers,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => {
            for (const line of res.headers['set-cookie'] ?? []) {
              this.setCookies.push(line);
              const [pair] = line.split(';');
              const eq = pair.indexOf('=');
              this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
            }
            resolve({ status: res.statusCode!, headers: res.headers, text });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  async submit(page: string, fields: [string, string][], action = page, headers: Record<string, string> = {}): Promise<Reply> {
    const html = (await this.request('GET', page)).text;
    return this.request('POST', action, new URLSearchParams([['_csrf', csrfTokenIn(html)], ...fields]), headers);
  }
}

describe.skipIf(skip)('behind nginx with TLS, COOKIE_SECURE=true and TRUST_PROXY=1', () => {
  const cleanups: (() => unknown)[] = [];
  let dir: string;
  let app: ServerProcess;
  let proxyPort: number;
  let cert: string;
  let failureKeys: () => Promise<string[]>;

  beforeAll(async () => {
    if (!nginx) throw new Error('nginx is not installed; CI must install it (apt-get install -y nginx)');
    dir = mkdtempSync(join(tmpdir(), 'zhiping-nginx-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');

    const env: Record<string, string> = { DATA_DIR: join(dir, 'data'), COOKIE_SECURE: 'true', TRUST_PROXY: '1' };
    if (pgServerUrl) {
      const db = await createPgDatabase();
      cleanups.push(() => db.drop());
      env.DATABASE_URL = db.url;
      failureKeys = async () => {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        try {
          return (await client.query('select key from login_failures order by key')).rows.map((r) => r.key);
        } finally {
          await client.end();
        }
      };
    } else {
      failureKeys = async () => {
        const db = new BetterSqlite3(join(dir, 'data', 'zhiping.db'), { readonly: true, fileMustExist: true });
        try {
          return (db.prepare('select key from login_failures order by key').all() as { key: string }[]).map((r) => r.key);
        } finally {
          db.close();
        }
      };
    }
    app = await startServer(env);
    cleanups.push(() => app.stop());

    proxyPort = await freePort();
    const conf = join(dir, 'nginx.conf');
    writeFileSync(
      conf,
      `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${proxyPort} ssl;
    server_name localhost;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    location / {
      proxy_pass http://127.0.0.1:${app.port};
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`,
    );
    const proxy: ChildProcess = spawn(nginx, ['-e', join(dir, 'error.log'), '-c', conf, '-p', dir, '-g', 'daemon off;'], { stdio: 'ignore' });
    const exited = new Promise((r) => proxy.once('exit', r));
    cleanups.push(async () => {
      proxy.kill('SIGTERM');
      await exited;
    });
    await Promise.race([
      waitForPort(proxyPort),
      exited.then(() => {
        throw new Error(`nginx exited:\n${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''}`);
      }),
    ]);
  });

  afterAll(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('sets up, signs in with Secure and __Host- cookies, and limits sign-ins by the real client address', async () => {
    const admin = new Browser(proxyPort, cert);
    const page = await admin.request('GET', '/setup');
    expect(page.status).toBe(200);
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000');
    const csrfCookie = admin.setCookies.find((c) => c.startsWith('__Host-zhiping.csrf='));
    expect(csrfCookie).toMatch(/; Secure/i);
    expect(csrfCookie).toMatch(/; Path=\//);

    const setup = await admin.submit('/setup', [
      ['setupCode', app.setupCode!],
      ['name', 'Admin'],
      ['email', 'admin@proxy.example'],
      ['password', PASSWORD],
      ['passwordConfirm', PASSWORD],
    ]);
    expect(setup.status).toBe(303);
    const sessionCookie = admin.setCookies.find((c) => c.startsWith('zhiping.sid='));
    expect(sessionCookie).toMatch(/; Secure/i);
    expect(sessionCookie).toMatch(/; HttpOnly/i);

    // A failed sign-in claiming another address is counted against the address nginx saw.
    const visitor = new Browser(proxyPort, cert);
    const failed = await visitor.submit('/login', [['email', 'admin@proxy.example'], ['password', 'not the password']], '/login', { 'X-Forwarded-For': '6.6.6.6' });
    expect(failed.status).toBe(400);
    const keys = await failureKeys();
    expect(keys).toContain(`addr:${CLIENT_ADDRESS}`);
    expect(keys.filter((k) => k.startsWith('addr:'))).toEqual([`addr:${CLIENT_ADDRESS}`]);

    // Sign-in through the proxy sets the Secure session cookie, and the session works.
    const user = new Browser(proxyPort, cert);
    const signedIn = await user.submit('/login', [['email', 'admin@proxy.example'], ['password', PASSWORD]]);
    expect(signedIn.status).toBe(303);
    expect(user.setCookies.find((c) => c.startsWith('zhiping.sid='))).toMatch(/; Secure/i);
    expect(user.setCookies.some((c) => c.startsWith('__Host-zhiping.device=') && /; Secure/i.test(c))).toBe(true);
    const admin2 = await user.request('GET', '/admin');
    expect(admin2.status).toBe(200);
    expect(admin2.headers['cache-control']).toBe('no-store');
  });
});
