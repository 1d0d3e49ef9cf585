// The one place that reads the environment. Validated with zod once; everything else receives a Config.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  TRUST_PROXY: z.string().optional(),
  SIGNING_P12_FILE: z
    .string()
    .min(1, { error: 'empty (leave it unset to use a generated key)', abort: true })
    .refine(isReadableFile, { error: (issue) => `cannot read the PKCS#12 file ${String(issue.input)}` })
    .optional(),
  SIGNING_P12_PASSWORD: z.string().optional(),
}).refine((e) => e.SIGNING_P12_PASSWORD === undefined || e.SIGNING_P12_FILE !== undefined, {
  path: ['SIGNING_P12_PASSWORD'],
  message: 'set without SIGNING_P12_FILE',
});

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
  trustProxy?: string;
  /** PKCS#12 file holding the report-signing key and certificate; when unset, a self-signed one is generated and kept in the database. */
  signingP12File?: string;
  signingP12Password?: string;
}

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError('Invalid configuration:\n' + lines.join('\n'));
  }
  const e = parsed.data;
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
    trustProxy: e.TRUST_PROXY,
    signingP12File: e.SIGNING_P12_FILE && resolve(e.SIGNING_P12_FILE),
    signingP12Password: e.SIGNING_P12_PASSWORD,
  };
}
