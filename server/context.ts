// What every feature needs at run time, built once by main.ts (or a test, or a command) and handed to
// createApp.
import type { Kysely } from 'kysely';
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import type { Backend, DatabaseHandle } from './db/connect.js';
import type { Database } from './db/schema.js';
import { QuestionnaireCatalog } from './catalog/catalog.js';
import { loadQuestionnaireFiles } from './catalog/files.js';
import { CatalogSync } from './catalog/refresh.js';
import { publishFiles } from './catalog/service.js';
import { sharedSecret } from './settings.js';
import { reportSigner, type ReportSigner } from './reports/signer.js';
import { DatabaseBlobStore } from './evidence/db-store.js';
import type { BlobStore } from './evidence/store.js';
import { smtpTransport, type MailTransport } from './notifications/mailer.js';
import { reportRenderer, type ReportRenderer } from './reports/render-pool.js';

export interface AppContext {
  config: Config;
  db: Kysely<Database>;
  backend: Backend;
  /** The published questionnaire versions (read synchronously); kept in step with the database by `catalogSync`. */
  catalog: QuestionnaireCatalog;
  catalogSync: CatalogSync;
  logger: Logger;
  /** Signs session and CSRF cookies; shared by every process through the database. */
  secret: string;
  /** Digitally signs the PDF of a signed report with the platform's key (shared through the database). */
  signer: ReportSigner;
  /** The bytes of evidence files (in the database today; an object store could take its place). */
  blobs: BlobStore;
  /** Where notification e-mails go (SMTP_URL); absent: in-app notifications only, nothing is queued. */
  mail?: MailTransport;
  /** Lays out PDF reports in worker threads, with a bounded queue. */
  reports: ReportRenderer;
}

export interface ContextOptions {
  /** How often this process looks for versions another process published (default: every few seconds). */
  catalogCheckMs?: number;
}

/**
 * Builds the context on an open, migrated database. The questionnaire files are published first (a
 * file that changed a published version refuses the start), then the catalog is read from the database.
 */
export async function createContext(config: Config, handle: DatabaseHandle, logger: Logger = pino({ level: config.logLevel }), options: ContextOptions = {}): Promise<AppContext> {
  const files = loadQuestionnaireFiles(config.questionnaireDir);
  await publishFiles(handle.db, files);
  const catalog = new QuestionnaireCatalog();
  const catalogSync = new CatalogSync(handle.db, catalog, logger, options.catalogCheckMs);
  catalogSync.prime(files);
  await catalogSync.load({ atStart: true });
  return {
    config,
    db: handle.db,
    backend: handle.backend,
    catalog,
    catalogSync,
    logger,
    secret: await sharedSecret(handle.db, config.sessionSecret),
    signer: await reportSigner(handle.db, config),
    blobs: new DatabaseBlobStore(handle.db),
    mail: config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : undefined,
    reports: reportRenderer({ workers: config.reportWorkers, queue: config.reportQueue }),
  };
}
