// Reads the configuration, opens and migrates the database, loads the questionnaires and listens.
// Sends queued notification e-mails when SMTP is configured.
// SIGTERM/SIGINT: stop accepting, finish in-flight requests and a round of e-mails, close the database, exit.
import { pino, type Logger } from 'pino';
import { createApp } from './app.js';
import { readConfig } from './config.js';
import { openDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { pruneExpired, refreshPlannerStatistics } from './db/maintenance.js';
import { createContext } from './context.js';
import { startMailSender } from './notifications/mailer.js';
import { prepareSetupCode } from './setup/code.js';

const SHUTDOWN_GRACE_MS = 10_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

async function main(): Promise<void> {
  const config = readConfig();
  const logger = pino({ level: config.logLevel });
  const handle = openDatabase(config);
  await migrateToLatest(handle.db);
  const ctx = await createContext(config, handle, logger);
  const { catalog } = ctx;
  const app = createApp(ctx);
  await announceSetup(logger, await prepareSetupCode(handle.db, config.setupCode), config.setupCode !== undefined);

  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info({ port, backend: handle.backend, questionnaires: catalog.latest().map((q) => `${q.id}@${q.version}`) }, 'Zhiping is listening');
  });

  const prune = () =>
    pruneExpired(handle.db)
      .then(() => refreshPlannerStatistics(handle.db, handle.backend))
      .catch((err) => logger.warn({ err }, 'housekeeping (expired sessions, planner statistics) failed'));
  void prune();
  const pruneTimer = setInterval(prune, PRUNE_EVERY_MS).unref();
  // Notification e-mails queued by committed writes (SMTP_URL); nothing runs without it.
  const mailSender = startMailSender(ctx);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(pruneTimer);
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    server.close(async () => {
      clearTimeout(force);
      await mailSender.stop();
      await ctx.reports.close();
      await handle.close();
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** First start: the setup page asks for this code, printed here for whoever can read the server's log. */
async function announceSetup(logger: Logger, code: string | undefined, preset: boolean): Promise<void> {
  if (!code) return;
  if (preset) {
    logger.warn('No platform admin yet: open /setup and enter the SETUP_CODE this installation was given');
    return;
  }
  logger.warn({ setupCode: code }, `No platform admin yet: open /setup and enter the setup code ${code} (valid until the admin exists)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
