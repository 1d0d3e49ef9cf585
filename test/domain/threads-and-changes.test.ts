// The pure parts of the review workspace: threads from comment rows, flagged questions, and what
// changed since a submission.
import { describe, expect, it } from 'vitest';
import { flaggedQuestions, threadsOf, unresolved, type CommentRow } from '../../server/domain/record/threads.js';
import { changesSince } from '../../server/domain/record/changes-since.js';

const row = (over: Partial<CommentRow>): CommentRow => ({
  id: 'x',
  questionId: 'q1',
  parentId: null,
  authorId: 'c',
  author: '顾问',
  fromReviewer: true,
  at: '2026-11-01T00:00:00.000Z',
  text: '…',
  flagged: false,
  resolvedAt: null,
  ...over,
});

describe('threads', () => {
  const rows = [
    row({ id: 't1', questionId: 'q2', flagged: true }),
    row({ id: 't2', questionId: 'q1', flagged: true }),
    row({ id: 'r1', parentId: 't1', authorId: 'o', fromReviewer: false }),
    row({ id: 'r2', parentId: 't1', authorId: 'c' }),
    row({ id: 't3', questionId: null }),
    row({ id: 't4', questionId: 'q3', flagged: true, resolvedAt: '2026-11-02T00:00:00.000Z' }),
    row({ id: 'orphan', parentId: 'gone' }),
  ];
  const threads = threadsOf(rows);

  it('groups replies under their first comment and names every participant once', () => {
    expect(threads.map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4']);
    expect(threads[0].replies.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(threads[0].participants).toEqual(['c', 'o']);
  });

  it('lists flagged questions in questionnaire order, without resolved ones', () => {
    expect(flaggedQuestions(threads, ['q1', 'q2', 'q3'])).toEqual(['q1', 'q2']);
    expect(unresolved(threads).map((t) => t.id)).toEqual(['t1', 't2', 't3']);
  });
});

describe('changes since a submission', () => {
  const since = '2026-11-10T00:00:00.000Z';
  const rev = (questionId: string, revision: number, from: unknown, to: unknown, at: string) => ({ questionId, revision, from, to, at }) as never;

  it('gives old → new per question from the revisions after the submission, and drops answers that came back', () => {
    const changes = changesSince(
      [
        rev('a', 1, null, 0.5, '2026-11-01T00:00:00.000Z'),
        rev('a', 2, 0.5, 0.8, '2026-11-11T00:00:00.000Z'),
        rev('a', 3, 0.8, 1, '2026-11-12T00:00:00.000Z'),
        rev('b', 2, 0, 1, '2026-11-11T00:00:00.000Z'),
        rev('b', 3, 1, 0, '2026-11-12T00:00:00.000Z'),
        rev('c', 4, { na: true, reason: '无此业务' }, { na: true, reason: '暂无海外业务' }, '2026-11-11T00:00:00.000Z'),
      ],
      [],
      since,
    );
    expect(changes.get('a')).toEqual({ answer: { kind: 'answer', from: 0.5, to: 1 } });
    expect(changes.has('b')).toBe(false);
    expect(changes.get('c')?.answer?.kind).toBe('na-reason');
  });

  it('lists evidence added and removed after the submission', () => {
    const changes = changesSince(
      [],
      [
        { questionId: 'a', name: 'old.pdf', uploadedAt: '2026-11-01T00:00:00.000Z', removedAt: '2026-11-11T00:00:00.000Z' },
        { questionId: 'a', name: 'new.pdf', uploadedAt: '2026-11-11T00:00:00.000Z', removedAt: null },
        { questionId: 'b', name: 'kept.pdf', uploadedAt: '2026-11-01T00:00:00.000Z', removedAt: null },
        { questionId: 'b', name: 'brief.pdf', uploadedAt: '2026-11-11T00:00:00.000Z', removedAt: '2026-11-12T00:00:00.000Z' },
      ],
      since,
    );
    expect(changes.get('a')).toEqual({ evidence: { added: ['new.pdf'], removed: ['old.pdf'] } });
    expect(changes.has('b')).toBe(false);
  });
});
