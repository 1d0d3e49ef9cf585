// Publishing questionnaire versions without a deploy: the release's files are published at start,
// a platform admin publishes an uploaded file (checked by the same schema and linter as the files),
// retires a version (no new assessment starts on it) and restores it. A published version never
// changes: the table's primary key refuses a second id@version, even from two uploads at once.
import type { Kysely } from 'kysely';
import canonicalizeModule from 'canonicalize';
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import { nowIso } from '../db/ids.js';
import type { Database, User } from '../db/schema.js';
import type { LintProblem } from '../domain/questionnaire/lint.js';
import type { Questionnaire } from '../domain/questionnaire/schema.js';
import { AppError, Forbidden, Invalid, NotFound } from '../errors.js';
import { inTransaction } from '../record/write-path.js';
import { formatOfName, parseQuestionnaireText, problemLines, QuestionnaireFileError, textSha256, type FileProblems, type QuestionnaireFile, type QuestionnaireFormat } from './files.js';
import { assessmentCountsByVersion, findVersionRow, insertVersionRow, insertVersionRowIfAbsent, publisherNames, setRetired, type NewVersionRow, type VersionRow } from './versions-repo.js';

const canonicalize = canonicalizeModule as unknown as (input: unknown) => string;
const keyOf = (q: { id: string; version: string }) => `${q.id}@${q.version}`;

function versionRow(q: Questionnaire, text: string, format: QuestionnaireFormat, origin: 'file' | 'upload', fileName: string | null, by: string | null): NewVersionRow {
  return {
    questionnaire_id: q.id,
    version: q.version,
    kind: q.kind,
    format,
    source: text,
    sha256: textSha256(text),
    origin,
    file_name: fileName,
    published_at: nowIso(),
    published_by: by,
    retired_at: null,
    retired_by: null,
  };
}

/** Whether a stored version says the same as a file: the same text, or text that parses to the same questionnaire. */
function sameContent(stored: VersionRow, file: QuestionnaireFile): boolean {
  if (stored.sha256 === textSha256(file.text)) return true;
  const outcome = parseQuestionnaireText(`stored.${stored.format}`, stored.source);
  return outcome.ok && canonicalize(outcome.questionnaire) === canonicalize(file.questionnaire);
}

/**
 * Publishes the release's questionnaire files: a version not yet in the database is inserted; one that
 * is there must say the same, or nothing is inserted and the start is refused naming the file (a
 * published version never changes: a changed file needs a new version).
 */
export async function publishFiles(db: Kysely<Database>, files: readonly QuestionnaireFile[]): Promise<void> {
  await inTransaction(db, async (trx) => {
    const changed: FileProblems[] = [];
    for (const file of files) {
      const q = file.questionnaire;
      const row = versionRow(q, file.text, formatOfName(file.file), 'file', file.file, null);
      if (await insertVersionRowIfAbsent(trx, row)) {
        await recordAudit(trx, { actorId: null, action: 'questionnaire.published', detail: { questionnaire: keyOf(q), origin: 'file', file: file.file } });
        continue;
      }
      const stored = (await findVersionRow(trx, q.id, q.version))!;
      if (!sameContent(stored, file))
        changed.push({
          file: file.file,
          problems: [
            {
              path: 'version',
              message: `${keyOf(q)} is already published (${stored.origin}${stored.file_name ? ` ${stored.file_name}` : ''}, ${stored.published_at}) with other content; a published version never changes: give the changed file a new version`,
            },
          ],
        });
    }
    if (changed.length) throw new QuestionnaireFileError(changed);
  });
}

export interface ProblemWithLine extends LintProblem {
  line?: number;
}

/** An uploaded questionnaire that does not pass the schema or the linter; `detail` lists every problem. */
export class QuestionnaireRefused extends AppError {
  constructor(readonly problems: ProblemWithLine[]) {
    super('invalid', 'publish.errors.problems', {}, problems);
  }
}

export interface Upload {
  /** The uploaded file's name; absent for pasted text. */
  fileName?: string;
  text: string;
}

const ACCEPTED_NAME = /\.(ya?ml|json)$/i;

function requireAdmin(user: User): void {
  if (user.is_platform_admin !== 1) throw new Forbidden();
}

/** Checks an upload as the linter checks a file, and publishes it as a new version. */
export async function publishQuestionnaire(ctx: AppContext, admin: User, upload: Upload): Promise<Questionnaire> {
  requireAdmin(admin);
  if (!upload.text.trim()) throw new Invalid('errors.invalidInput', { source: 'publish.errors.empty' });
  if (upload.fileName && !ACCEPTED_NAME.test(upload.fileName)) throw new Invalid('errors.invalidInput', { file: 'publish.errors.fileType' });
  const format: QuestionnaireFormat = upload.fileName ? formatOfName(upload.fileName) : upload.text.trimStart().startsWith('{') ? 'json' : 'yaml';
  const outcome = parseQuestionnaireText(`upload.${format}`, upload.text);
  if (!outcome.ok) {
    const lines = problemLines(upload.text, outcome.problems);
    throw new QuestionnaireRefused(outcome.problems.map((p, i) => ({ ...p, ...(lines[i] ? { line: lines[i] } : {}) })));
  }
  const q = outcome.questionnaire;
  try {
    await inTransaction(ctx.db, async (trx) => {
      await insertVersionRow(trx, versionRow(q, upload.text, format, 'upload', upload.fileName ?? null, admin.id));
      await recordAudit(trx, { actorId: admin.id, action: 'questionnaire.published', detail: { questionnaire: keyOf(q), origin: 'upload', sha256: textSha256(upload.text) } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', 'publish.errors.exists', {}, { questionnaire: keyOf(q) });
    throw err;
  }
  await ctx.catalogSync.refresh();
  return q;
}

/**
 * Whether the database says a version is retired, asked by a write that puts an assessment on it
 * inside its transaction: this process's catalog may be a few seconds behind another's retirement.
 */
export async function isRetiredNow(db: Kysely<Database>, q: Questionnaire): Promise<boolean> {
  return Boolean((await findVersionRow(db, q.id, q.version))?.retired_at);
}

/** Retires a version (`retire`) or restores it; doing what is already done changes nothing. */
export async function setVersionRetired(ctx: AppContext, admin: User, id: string, version: string, retire: boolean): Promise<Questionnaire> {
  requireAdmin(admin);
  const q = ctx.catalog.find(id, version);
  if (!q) throw new NotFound();
  await inTransaction(ctx.db, async (trx) => {
    const now = nowIso();
    if (await setRetired(trx, id, version, retire ? now : null, retire ? admin.id : null))
      await recordAudit(trx, { actorId: admin.id, action: retire ? 'questionnaire.retired' : 'questionnaire.restored', detail: { questionnaire: keyOf(q) } });
  });
  await ctx.catalogSync.refresh();
  return q;
}

/** The admin's page: every questionnaire and version, how and when it was published, and how many assessments are on it. */
export async function questionnairesAdminPage(ctx: AppContext) {
  const [counts, names] = await Promise.all([assessmentCountsByVersion(ctx.db), publisherNames(ctx.db)]);
  const startable = new Map(ctx.catalog.startable().map((q) => [q.id, q.version]));
  return {
    questionnaires: ctx.catalog.latest().map((latest) => ({
      latest,
      versions: ctx.catalog.entriesOf(latest.id).map(({ questionnaire: q, publication: p }) => ({
        q,
        ...p,
        publishedByName: p.publishedBy ? (names.get(p.publishedBy) ?? null) : null,
        retiredByName: p.retiredBy ? (names.get(p.retiredBy) ?? null) : null,
        assessments: counts.get(keyOf(q)) ?? 0,
        startsNew: startable.get(q.id) === q.version,
      })),
    })),
  };
}
