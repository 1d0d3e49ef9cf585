// The one place that reads the environment. Validated with zod once; everything else receives a Config.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';

/** The folder holding package.json, whether running from server/ (tests) or dist/server/ (built). */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot();

/**
 * Express's `trust proxy` value from what operators write: `true`/`false`, a hop count (`1` = the one
 * proxy in front), or a comma-separated list of addresses, CIDR ranges and the names `loopback`,
 * `linklocal`, `uniquelocal`. A list is compiled here so a typo stops start-up instead of silently
 * trusting a wrong address (Express reads a bare "1" as the address 0.0.0.1).
 */
export type TrustProxy = boolean | number | string[];

export function parseTrustProxy(value: string): TrustProxy {
  const v = value.trim();
  if (/^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  if (/^\d+$/.test(v)) return Number(v);
  const list = v.split(',').map((x) => x.trim()).filter(Boolean);
  if (list.length === 0) throw new Error('empty');
  proxyaddr.compile(list);
  return list;
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "30m", "8h", "7d" (or plain seconds) in milliseconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!m) throw new Error('not a duration');
  return Number(m[1]) * UNIT_MS[(m[2] || 's') as keyof typeof UNIT_MS];
}

const Duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      try {
        const ms = parseDuration(v);
        if (ms > 0) return ms;
      } catch {
        // reported below
      }
      ctx.addIssue({ code: 'custom', message: `expected a duration such as 30m, 8h or 7d, got "${v}"` });
      return z.NEVER;
    });

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL (leave it unset for SQLite)')
    .optional(),
  PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PG_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(15000),
  SESSION_SECRET: z.string().min(16, 'SESSION_SECRET needs at least 16 characters').optional(),
  COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  QUESTIONNAIRE_DIR: z.string().optional(),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  LOGIN_ACCOUNT_LIMIT: z.coerce.number().int().min(1).default(5),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      try {
        return parseTrustProxy(v);
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `expected true, false, a hop count, or a comma-separated list of addresses, CIDR ranges, loopback, linklocal, uniquelocal; got "${v}"`,
        });
        return z.NEVER;
      }
    }),
  SESSION_IDLE_TIMEOUT: Duration('8h'),
  SESSION_LIFETIME: Duration('7d'),
  SETUP_CODE: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || v.length >= 8, 'SETUP_CODE needs at least 8 characters'),
  SIGNING_P12_FILE: z
    .string()
    .min(1, { error: 'empty (leave it unset to use a generated key)', abort: true })
    .refine(isReadableFile, { error: (issue) => `cannot read the PKCS#12 file ${String(issue.input)}` })
    .optional(),
  SIGNING_P12_PASSWORD: z.string().optional(),
  EVIDENCE_MAX_FILE_MB: z.coerce.number().positive().max(1024).default(20),
  EVIDENCE_MAX_ASSESSMENT_MB: z.coerce.number().positive().default(500),
  SMTP_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || isSmtpUrl(v), 'expected smtp://[user:password@]host[:port] or smtps://… (leave it unset for no e-mail)'),
  MAIL_FROM: z.string().trim().default('Zhiping <no-reply@localhost>').refine((v) => /\S@\S/.test(v), 'expected an address such as "Zhiping <no-reply@example.com>"'),
  SITE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => v?.replace(/\/+$/, '') || undefined)
    .refine((v) => v === undefined || /^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(v), 'expected the address users open the app at, such as https://zhiping.example.internal'),
  REPORT_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  REPORT_QUEUE: z.coerce.number().int().min(0).max(10_000).optional(),
  TIME_ZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine(isTimeZone, { error: (issue) => `not a time zone: "${String(issue.input)}" (use an IANA name such as Asia/Shanghai or Europe/Berlin)` }),
}).refine((e) => e.SIGNING_P12_PASSWORD === undefined || e.SIGNING_P12_FILE !== undefined, {
  path: ['SIGNING_P12_PASSWORD'],
  message: 'set without SIGNING_P12_FILE',
});

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  pgPoolSize: number;
  pgStatementTimeoutMs: number;
  /** When unset, a secret is generated and kept in the database so every process shares it. */
  sessionSecret?: string;
  cookieSecure: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  questionnaireDir: string;
  loginRateLimit: number;
  /** Failed sign-ins per account (from browsers that have not signed in to it before) before each further one waits. */
  loginAccountLimit: number;
  trustProxy?: TrustProxy;
  /** A session unused this long ends. */
  sessionIdleMs: number;
  /** A session ends this long after sign-in, however busy. */
  sessionLifetimeMs: number;
  /** Preset one-time setup code (automated installs); otherwise one is generated and logged at first start. */
  setupCode?: string;
  /** PKCS#12 file holding the report-signing key and certificate; when unset, a self-signed one is generated and kept in the database. */
  signingP12File?: string;
  signingP12Password?: string;
  /** Times on pages and in reports are shown in this IANA time zone, with its offset named. */
  timeZone: string;
  /** Largest evidence file accepted, in MiB (uploads are held in memory while checked, so keep it modest). */
  evidenceMaxFileMb: number;
  /** Most evidence one assessment may hold (files not removed), in MiB. */
  evidenceMaxAssessmentMb: number;
  /** Notification e-mails go out through this SMTP server; unset: in-app notifications only. */
  smtpUrl?: string;
  /** The From of notification e-mails. */
  mailFrom: string;
  /** The address users open the app at (no trailing slash), for links in e-mails; needed with smtpUrl. */
  siteUrl?: string;
  /** Worker threads rendering PDF reports (default: one per core). */
  reportWorkers: number;
  /** Reports that may wait for a worker; one more is answered 503 with Retry-After (default: 8 per worker). */
  reportQueue: number;
}

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError('Invalid configuration:\n' + lines.join('\n'));
  }
  const e = parsed.data;
  if (e.COOKIE_SECURE && e.TRUST_PROXY === undefined) {
    // The app speaks plain HTTP; it learns that the browser used HTTPS only from a trusted proxy's
    // X-Forwarded-Proto. Without that, express-session would silently set no session cookie.
    throw new ConfigError('Invalid configuration:\n  COOKIE_SECURE: true needs TRUST_PROXY set to the HTTPS proxy in front of the app (e.g. TRUST_PROXY=1)');
  }
  if (e.SMTP_URL && !e.SITE_URL) {
    // A mail is read outside the app: its link needs the address users reach the site at, which no request tells a sender.
    throw new ConfigError('Invalid configuration:\n  SMTP_URL: needs SITE_URL, the address users open the app at (e.g. SITE_URL=https://zhiping.example.internal), for the links in e-mails');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    pgPoolSize: e.PG_POOL_SIZE,
    pgStatementTimeoutMs: e.PG_STATEMENT_TIMEOUT_MS,
    sessionSecret: e.SESSION_SECRET,
    cookieSecure: e.COOKIE_SECURE,
    logLevel: e.LOG_LEVEL,
    questionnaireDir: resolve(e.QUESTIONNAIRE_DIR ?? resolve(projectRoot, 'questionnaires')),
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    loginAccountLimit: e.LOGIN_ACCOUNT_LIMIT,
    trustProxy: e.TRUST_PROXY,
    sessionIdleMs: e.SESSION_IDLE_TIMEOUT,
    sessionLifetimeMs: e.SESSION_LIFETIME,
    setupCode: e.SETUP_CODE,
    signingP12File: e.SIGNING_P12_FILE && resolve(e.SIGNING_P12_FILE),
    signingP12Password: e.SIGNING_P12_PASSWORD,
    timeZone: e.TIME_ZONE,
    evidenceMaxFileMb: e.EVIDENCE_MAX_FILE_MB,
    evidenceMaxAssessmentMb: e.EVIDENCE_MAX_ASSESSMENT_MB,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    siteUrl: e.SITE_URL,
    reportWorkers: e.REPORT_WORKERS ?? availableParallelism(),
    reportQueue: e.REPORT_QUEUE ?? 8 * (e.REPORT_WORKERS ?? availableParallelism()),
  };
}
