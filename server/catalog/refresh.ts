// Keeps one process's catalog (ctx.catalog) in step with the published versions in the database.
// `load` reads every row and parses what it has not parsed before. The process that publishes,
// retires or restores reloads at once; every other process asks the database, at most once per
// `intervalMs` and only when a request comes, for a stamp of the table (its row count and the sum of
// the rows' revisions, which grows on every change) and reloads when the stamp changed.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import { QuestionnaireCatalog, type CatalogEntry } from './catalog.js';
import { parseQuestionnaireText, QuestionnaireFileError, textSha256, type FileProblems, type QuestionnaireFile } from './files.js';
import { listVersionRows, versionsStamp, type VersionRow } from './versions-repo.js';

/** How often a process looks for versions published by another: a few seconds. */
export const CATALOG_CHECK_MS = 3000;

const storedName = (row: VersionRow) => `${row.questionnaire_id}@${row.version} (${row.origin}: ${row.file_name ?? 'pasted'}).${row.format}`;

export class CatalogSync {
  private stamp: string | undefined;
  private checkedAt = 0;
  private running: Promise<void> | undefined;
  /** Parsed questionnaires by id@version and SHA-256: a published version's text never changes. */
  private readonly parsed = new Map<string, CatalogEntry['questionnaire']>();

  constructor(
    private readonly db: Kysely<Database>,
    readonly catalog: QuestionnaireCatalog,
    private readonly logger: Logger,
    readonly intervalMs = CATALOG_CHECK_MS,
  ) {}

  /** Remembers files already parsed (at start), so that loading their published text does not parse it again. */
  prime(files: readonly QuestionnaireFile[]): void {
    for (const f of files) this.parsed.set(`${f.questionnaire.id}@${f.questionnaire.version}:${textSha256(f.text)}`, f.questionnaire);
  }

  /**
   * Reads every published version into the catalog. A stored text that no longer passes the schema
   * (written by another release) is refused at start; later it is left out with an error logged.
   */
  async load(options: { atStart?: boolean } = {}): Promise<void> {
    const stamp = await versionsStamp(this.db);
    const entries: CatalogEntry[] = [];
    const bad: FileProblems[] = [];
    for (const row of await listVersionRows(this.db)) {
      const questionnaire = this.parse(row, bad);
      if (!questionnaire) continue;
      entries.push({
        questionnaire,
        publication: {
          origin: row.origin,
          fileName: row.file_name,
          publishedAt: row.published_at,
          publishedBy: row.published_by,
          retiredAt: row.retired_at,
          retiredBy: row.retired_by,
        },
      });
    }
    if (bad.length) {
      if (options.atStart) throw new QuestionnaireFileError(bad);
      this.logger.error({ versions: bad.map((b) => b.file) }, 'published questionnaire versions that do not parse were left out');
    }
    this.catalog.replace(entries);
    this.stamp = stamp;
    this.checkedAt = Date.now();
  }

  private parse(row: VersionRow, bad: FileProblems[]) {
    const cacheKey = `${row.questionnaire_id}@${row.version}:${row.sha256}`;
    const cached = this.parsed.get(cacheKey);
    if (cached) return cached;
    const outcome = parseQuestionnaireText(`stored.${row.format}`, row.source);
    if (!outcome.ok) {
      bad.push({ file: storedName(row), problems: outcome.problems });
      return undefined;
    }
    this.parsed.set(cacheKey, outcome.questionnaire);
    return outcome.questionnaire;
  }

  /** Reloads now (after this process changed the table), after any look or load under way. */
  async refresh(): Promise<void> {
    while (this.running) await this.running;
    await this.track(this.load());
  }

  /**
   * Reloads when the table changed since the last look, looking at most once per `intervalMs`; a
   * request that comes while a look is under way goes on with the catalog as it is.
   */
  async refreshIfDue(): Promise<void> {
    if (this.running || Date.now() - this.checkedAt < this.intervalMs) return;
    this.checkedAt = Date.now();
    await this.track(
      (async () => {
        if ((await versionsStamp(this.db)) !== this.stamp) await this.load();
      })(),
    );
  }

  private track(work: Promise<void>): Promise<void> {
    this.running = work.finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}
