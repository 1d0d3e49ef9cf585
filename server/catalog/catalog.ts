// The published questionnaires, by id and version. An assessment is pinned to the version it
// started on, so every version stays available; lists show the newest version of each.
import type { Questionnaire } from '../domain/questionnaire/schema.js';
import { NotFound } from '../errors.js';

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

export class QuestionnaireCatalog {
  private readonly byKey = new Map<string, Questionnaire>();

  constructor(questionnaires: Questionnaire[]) {
    for (const q of questionnaires) this.byKey.set(`${q.id}@${q.version}`, q);
  }

  /** The newest version of each questionnaire: enterprise questionnaires first, then by id. */
  latest(): Questionnaire[] {
    const newest = new Map<string, Questionnaire>();
    for (const q of this.byKey.values()) {
      const current = newest.get(q.id);
      if (!current || compareVersions(q.version, current.version) > 0) newest.set(q.id, q);
    }
    const rank = (q: Questionnaire) => (q.kind === 'enterprise' ? 0 : 1);
    return [...newest.values()].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
  }

  versions(id: string): Questionnaire[] {
    return [...this.byKey.values()].filter((q) => q.id === id).sort((a, b) => compareVersions(b.version, a.version));
  }

  find(id: string, version: string): Questionnaire | undefined {
    return this.byKey.get(`${id}@${version}`);
  }

  get(id: string, version: string): Questionnaire {
    const q = this.find(id, version);
    if (!q) throw new NotFound();
    return q;
  }
}
