// `npm run backup -- FILE`: a consistent copy of the configured database while the app runs.
import { resolve } from 'node:path';
import { readConfig } from '../server/config.js';
import { sqliteFile } from '../server/db/connect.js';
import { backupPostgres, backupSqlite } from '../server/db/backup.js';
import { runCli } from './cli.js';

runCli(async () => {
  const target = process.argv[2];
  if (!target) throw new Error('usage: npm run backup -- FILE');
  const config = readConfig();
  const destination = resolve(target);
  if (config.databaseUrl) await backupPostgres(config.databaseUrl, destination);
  else await backupSqlite(sqliteFile(config.dataDir), destination);
  console.log(`backup written to ${destination}`);
});
