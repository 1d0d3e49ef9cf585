// Starts and stops a throwaway PostgreSQL through scripts/pg-test-server.sh (for benchmarks).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { projectRoot } from '../../server/config.js';

const script = resolve(projectRoot, 'scripts', 'pg-test-server.sh');

export interface PgServer {
  url: string;
  bin: string;
  stop(): void;
}

export function startPgServer(): PgServer {
  const out = execFileSync('bash', [script, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const value = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(out)?.[1] ?? '';
  const dir = value('PG_DIR');
  return { url: value('DATABASE_URL'), bin: value('PG_BIN'), stop: () => execFileSync('bash', [script, 'stop', dir], { stdio: 'ignore' }) };
}
