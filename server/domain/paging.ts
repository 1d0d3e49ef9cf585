// Pages of a long list: which rows a page shows ("first–last of total") and which page links to offer.
// Pure; the list's query does the counting and the offset.

export interface PageInfo {
  page: number;
  pages: number;
  total: number;
  /** 1-based position of the page's first and last row; 0 and 0 for an empty list. */
  first: number;
  last: number;
  /** The page numbers to link, with null where a run of pages is left out (shown as "…"). */
  links: (number | null)[];
}

/** The page asked for, clamped to the pages there are, and what its navigation shows. */
export function pageInfo(requested: number, size: number, total: number): PageInfo {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.trunc(requested) || 1), pages);
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const last = Math.min(page * size, total);
  return { page, pages, total, first, last, links: pageLinks(page, pages) };
}

/** First, last, and two either side of the current page; gaps as null. */
export function pageLinks(page: number, pages: number): (number | null)[] {
  const wanted = [...new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const p of wanted) {
    const before = out[out.length - 1];
    if (typeof before === 'number' && p - before > 1) out.push(null);
    out.push(p);
  }
  return out;
}

/** A LIKE pattern that finds `text` anywhere, with its %, _ and \ taken literally (used with ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
