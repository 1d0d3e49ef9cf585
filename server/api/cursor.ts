// Opaque list cursors: base64url of the last row's sort key and id. A list ordered by (key, id)
// continues strictly after them, so rows inserted meanwhile neither repeat nor shift a page.
import { Invalid } from '../errors.js';

export interface Cursor {
  key: string;
  id: string;
}

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.key, c.id])).toString('base64url');

export function decodeCursor(text: string | undefined): Cursor | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return { key: value[0], id: value[1] };
  } catch {
    // falls through to the refusal
  }
  throw new Invalid('errors.invalidInput', { cursor: 'api.errors.cursor' });
}

/** One page out of `limit + 1` rows fetched: the rows to show and the cursor after the last (null at the end). */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor): { data: T[]; next_cursor: string | null } {
  const data = rows.slice(0, limit);
  return { data, next_cursor: rows.length > limit ? encodeCursor(cursorOf(data[data.length - 1])) : null };
}
