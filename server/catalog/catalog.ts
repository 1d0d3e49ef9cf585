// The published questionnaires, by id and version. An assessment is pinned to the version it
// started on, so every version stays readable, retired ones too; lists show the newest version of
// each, and new assessments start on the newest version that is not retired (`startable`).
// The catalog is read synchronously everywhere; `replace` swaps its contents when the published
// versions change (server/catalog/refresh.ts), so every holder of `ctx.catalog` sees the change.
import type { Questionnaire } from '../domain/questionnaire/schema.js';
import { NotFound } from '../errors.js';

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** How a version was published, and whether it is retired. */
export interface Publication {
  origin: 'file' | 'upload';
  fileName: string | null;
  publishedAt: string;
  publishedBy: string | null;
  retiredAt: string | null;
  retiredBy: string | null;
}

export interface CatalogEntry {
  questionnaire: Questionnaire;
  publication: Publication;
}

/** What a questionnaire is when nothing says how it was published (a catalog made from files by a command). */
const FROM_FILE: Publication = { origin: 'file', fileName: null, publishedAt: '', publishedBy: null, retiredAt: null, retiredBy: null };

const key = (id: string, version: string) => `${id}@${version}`;

/** Newest version of each questionnaire among `qs`: enterprise questionnaires first, then by id. */
function newestOfEach(qs: Iterable<Questionnaire>): Questionnaire[] {
  const newest = new Map<string, Questionnaire>();
  for (const q of qs) {
    const current = newest.get(q.id);
    if (!current || compareVersions(q.version, current.version) > 0) newest.set(q.id, q);
  }
  const rank = (q: Questionnaire) => (q.kind === 'enterprise' ? 0 : 1);
  return [...newest.values()].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}

export class QuestionnaireCatalog {
  private byKey = new Map<string, CatalogEntry>();

  constructor(questionnaires: Questionnaire[] = []) {
    this.replace(questionnaires.map((questionnaire) => ({ questionnaire, publication: FROM_FILE })));
  }

  /** Replaces the whole contents at once (a reader never sees half of a change). */
  replace(entries: readonly CatalogEntry[]): void {
    this.byKey = new Map(entries.map((e) => [key(e.questionnaire.id, e.questionnaire.version), e]));
  }

  /** The newest version of each questionnaire, retired or not: enterprise questionnaires first, then by id. */
  latest(): Questionnaire[] {
    return newestOfEach([...this.byKey.values()].map((e) => e.questionnaire));
  }

  /** The version of each questionnaire a new assessment starts on: its newest that is not retired. */
  startable(): Questionnaire[] {
    return newestOfEach([...this.byKey.values()].filter((e) => !e.publication.retiredAt).map((e) => e.questionnaire));
  }

  /** The version a draft on `version` may move to: the newest startable one, when it is newer. */
  newerStartable(id: string, version: string): Questionnaire | undefined {
    const target = this.startable().find((q) => q.id === id);
    return target && compareVersions(target.version, version) > 0 ? target : undefined;
  }

  /** Every version of one questionnaire, newest first. */
  versions(id: string): Questionnaire[] {
    return this.entriesOf(id).map((e) => e.questionnaire);
  }

  /** Every version of one questionnaire with how it was published, newest first. */
  entriesOf(id: string): CatalogEntry[] {
    return [...this.byKey.values()].filter((e) => e.questionnaire.id === id).sort((a, b) => compareVersions(b.questionnaire.version, a.questionnaire.version));
  }

  find(id: string, version: string): Questionnaire | undefined {
    return this.byKey.get(key(id, version))?.questionnaire;
  }

  get(id: string, version: string): Questionnaire {
    const q = this.find(id, version);
    if (!q) throw new NotFound();
    return q;
  }

  publication(id: string, version: string): Publication | undefined {
    return this.byKey.get(key(id, version))?.publication;
  }

  isRetired(id: string, version: string): boolean {
    return Boolean(this.publication(id, version)?.retiredAt);
  }
}
