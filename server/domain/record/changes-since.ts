// What changed in an assessment since a moment (the previous submission): per question, the answer
// (or the N/A reason) before and after, and the evidence files added and removed. The consultant sees
// this after a resubmission and can narrow a section to it.
import type { Answer } from '../questionnaire/answers.js';
import { isNotApplicable } from '../questionnaire/answers.js';

export interface RevisionEvent {
  questionId: string;
  revision: number;
  from: Answer | null;
  to: Answer | null;
  at: string;
}

export interface EvidenceEvent {
  questionId: string;
  name: string;
  uploadedAt: string;
  removedAt: string | null;
}

export interface QuestionChange {
  /** Present when the answer differs: 'na-reason' when it was N/A and still is, with another reason. */
  answer?: { kind: 'answer' | 'na-reason'; from: Answer | null; to: Answer | null };
  evidence?: { added: string[]; removed: string[] };
}

const same = (a: Answer | null, b: Answer | null) => JSON.stringify(a) === JSON.stringify(b);

/** Changes after `since` (ISO time), by question id; questions whose answer came back to what it was are left out. */
export function changesSince(revisions: readonly RevisionEvent[], evidence: readonly EvidenceEvent[], since: string): Map<string, QuestionChange> {
  const out = new Map<string, QuestionChange>();
  const slot = (id: string) => out.get(id) ?? out.set(id, {}).get(id)!;
  const byQuestion = new Map<string, RevisionEvent[]>();
  for (const r of revisions) if (r.at > since) (byQuestion.get(r.questionId) ?? byQuestion.set(r.questionId, []).get(r.questionId)!).push(r);
  for (const [id, list] of byQuestion) {
    list.sort((a, b) => a.revision - b.revision);
    const from = list[0].from;
    const to = list.at(-1)!.to;
    if (same(from, to)) continue;
    const naBoth = from !== null && to !== null && isNotApplicable(from) && isNotApplicable(to);
    slot(id).answer = { kind: naBoth ? 'na-reason' : 'answer', from, to };
  }
  for (const e of evidence) {
    const added = e.uploadedAt > since && e.removedAt === null;
    const removed = e.uploadedAt <= since && e.removedAt !== null && e.removedAt > since;
    if (!added && !removed) continue;
    const s = slot(e.questionId);
    s.evidence ??= { added: [], removed: [] };
    (added ? s.evidence.added : s.evidence.removed).push(e.name);
  }
  return out;
}
