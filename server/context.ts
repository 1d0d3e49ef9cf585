// What every feature needs at run time, built once by main.ts (or a test) and handed to createApp.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Backend } from './db/connect.js';
import type { Database } from './db/schema.js';
import type { QuestionnaireCatalog } from './catalog/catalog.js';

export interface AppContext {
  config: Config;
  db: Kysely<Database>;
  backend: Backend;
  catalog: QuestionnaireCatalog;
  logger: Logger;
  /** Signs session and CSRF cookies; shared by every process through the database. */
  secret: string;
}
