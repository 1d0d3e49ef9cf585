// What every feature needs at run time, built once by main.ts (or a test, or a command) and handed to
// createApp.
import type { Kysely } from 'kysely';
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import type { Backend, DatabaseHandle } from './db/connect.js';
import type { Database } from './db/schema.js';
import { QuestionnaireCatalog } from './catalog/catalog.js';
import { loadQuestionnaireDir } from './catalog/files.js';
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
  catalog: QuestionnaireCatalog;
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

/** Builds the context on an open, migrated database. */
export async function createContext(config: Config, handle: DatabaseHandle, logger: Logger = pino({ level: config.logLevel })): Promise<AppContext> {
  return {
    config,
    db: handle.db,
    backend: handle.backend,
    catalog: new QuestionnaireCatalog(loadQuestionnaireDir(config.questionnaireDir)),
    logger,
    secret: await sharedSecret(handle.db, config.sessionSecret),
    signer: await reportSigner(handle.db, config),
    blobs: new DatabaseBlobStore(handle.db),
    mail: config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : undefined,
    reports: reportRenderer({ workers: config.reportWorkers, queue: config.reportQueue }),
  };
}
