// The admin lists' search and page as the URL carries them (GET, so a page can be bookmarked), and the
// page links the pager shows. Anything malformed falls back to the first page of everything.
import { z } from 'zod';
import type { PageInfo } from '../domain/paging.js';

export const ListQuerySchema = z.object({
  search: z.string().trim().max(100).optional().catch(undefined).transform((v) => v || undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});

/** The pager's model: each link with its address, the current page marked. */
export function pager(path: string, search: string | undefined, paging: PageInfo) {
  const href = (page: number) => {
    const params = new URLSearchParams();
    if (search) params.set('search', search);
    if (page > 1) params.set('page', String(page));
    const q = params.toString();
    return q ? `${path}?${q}` : path;
  };
  return {
    ...paging,
    prevHref: paging.page > 1 ? href(paging.page - 1) : null,
    nextHref: paging.page < paging.pages ? href(paging.page + 1) : null,
    links: paging.links.map((n) => (n === null ? null : { page: n, href: href(n), current: n === paging.page })),
  };
}
