// The admin lists' search and page as the URL carries them (GET, so a page can be bookmarked); their page
// links are `pager` (server/http/pager.ts). Anything malformed falls back to the first page of everything.
import { z } from 'zod';
import { PageNumber } from '../http/pager.js';

export const ListQuerySchema = z.object({
  search: z.string().trim().max(100).optional().catch(undefined).transform((v) => v || undefined),
  page: PageNumber,
});
