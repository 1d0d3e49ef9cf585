// Comment threads: a consultant's comment on the assessment or on one question opens a thread; the
// organization and the consultant reply in it; the consultant resolves it. A comment on a question may
// flag it: the consultant asks for that answer to change, and the flag stands until the thread is resolved.

export interface CommentRow {
  id: string;
  questionId: string | null;
  /** The thread's first comment; null for a first comment. */
  parentId: string | null;
  authorId: string;
  author: string;
  /** The author reviews (consultant or platform admin) rather than answers. */
  fromReviewer: boolean;
  at: string;
  text: string;
  flagged: boolean;
  resolvedAt: string | null;
}

export interface Thread {
  id: string;
  questionId: string | null;
  first: CommentRow;
  replies: CommentRow[];
  flagged: boolean;
  resolved: boolean;
  /** Everyone who wrote in the thread. */
  participants: string[];
}

/** Groups comments (oldest first) into threads, oldest thread first; replies to an unknown thread are dropped. */
export function threadsOf(comments: readonly CommentRow[]): Thread[] {
  const threads = new Map<string, Thread>();
  for (const c of comments) {
    if (c.parentId === null) {
      threads.set(c.id, { id: c.id, questionId: c.questionId, first: c, replies: [], flagged: c.flagged, resolved: c.resolvedAt !== null, participants: [c.authorId] });
    } else {
      const thread = threads.get(c.parentId);
      if (!thread) continue;
      thread.replies.push(c);
      if (!thread.participants.includes(c.authorId)) thread.participants.push(c.authorId);
    }
  }
  return [...threads.values()];
}

/** The questions the consultant has asked to change and not yet resolved, in questionnaire order. */
export function flaggedQuestions(threads: readonly Thread[], order: readonly string[]): string[] {
  const flagged = new Set(threads.filter((t) => t.flagged && !t.resolved && t.questionId !== null).map((t) => t.questionId!));
  return order.filter((id) => flagged.has(id));
}

/** Threads still open: what a sign-off confirmation lists. */
export const unresolved = (threads: readonly Thread[]) => threads.filter((t) => !t.resolved);
