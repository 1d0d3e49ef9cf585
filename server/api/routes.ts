// The JSON API under /api/v1 (bearer tokens: no session, no cookie, no CSRF; its own JSON body
// parser and size limit; every error as JSON), the pages of personal access tokens
// (/account/tokens), and the API's documentation page (/api/docs, swagger-ui from the project's own files).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { flash } from '../http/flash.js';
import { invalidFields } from '../http/errors.js';
import { ENDPOINTS, isReportFile, type Endpoint } from './endpoints.js';
import { apiErrorHandler, apiLocale, apiNotFound, authenticate, perTokenRateLimit, requireScope, tokenHolder } from './http.js';
import { openApiDocument } from './openapi.js';
import { createToken, revokeToken, TOKEN_SCOPES, tokensPage } from './tokens.js';

/** Request bodies of the API are small JSON documents (a section's answers at most). */
const BODY_LIMIT = '256kb';

const expressPath = (openApiPath: string) => openApiPath.replace(/\{(\w+)\}/g, ':$1');

function handler(ctx: AppContext, e: Endpoint) {
  return async (req: Request, res: Response) => {
    requireScope(res, e.scope);
    const out = await e.handle({ ctx, holder: tokenHolder(res), params: req.params, query: req.query as Record<string, unknown>, body: req.body, locale: apiLocale(req) });
    if (isReportFile(out)) {
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `attachment; filename="${out.fileName}"`);
      res.send(out.pdf);
      return;
    }
    res.status(e.status ?? 200).json(out);
  };
}

/** Mounted at /api/v1 before the session, cookie and CSRF middleware. */
export function apiRoutes(ctx: AppContext): Router {
  const router = express.Router();
  // Made on first request: an app that is never asked for it (every test app) does not pay for it.
  let document: ReturnType<typeof openApiDocument> | undefined;
  router.use(express.json({ limit: BODY_LIMIT }));
  router.get('/openapi.json', (_req, res) => {
    res.json((document ??= openApiDocument()));
  });
  router.use(authenticate(ctx));
  router.use(perTokenRateLimit(ctx));
  for (const e of ENDPOINTS) router[e.method](expressPath(e.path), handler(ctx, e));
  router.use(apiNotFound);
  router.use(apiErrorHandler(ctx));
  return router;
}

/** The two files of swagger-ui-dist the docs page uses, served under /static/swagger-ui/ like the app's own (not its demo index.html). */
export function swaggerUiAssets(): Router {
  const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const router = express.Router();
  for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js']) router.get(`/${file}`, (_req, res) => res.sendFile(join(dir, file), { maxAge: '1h' }));
  return router;
}

const NewTokenForm = z.object({
  name: z.string().trim().min(1, 'errors.required').max(100, 'errors.tooLong'),
  scope: z.enum(TOKEN_SCOPES, { message: 'errors.choose' }),
  expiresOn: z
    .string()
    .trim()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'api.tokens.expiryFormat')
    .refine((v) => !v || !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'api.tokens.expiryFormat')
    .optional()
    .transform((v) => v || undefined),
});

/** The token pages and the API's documentation page. */
export function apiPageRoutes(ctx: AppContext): Router {
  const router = express.Router();

  async function render(res: Response, extra: Record<string, unknown> = {}, status = 200) {
    res.status(status).render('api/tokens', { ...(await tokensPage(ctx, currentUser(res))), created: null, errors: {}, values: {}, ...extra });
  }

  router.get('/account/tokens', requireUser, (_req, res) => render(res));

  // The new token is in this response only: it is never stored, and the page is not cached (no-store).
  router.post('/account/tokens', requireUser, async (req, res) => {
    try {
      const form = NewTokenForm.parse(req.body ?? {});
      const { token, row } = await createToken(ctx, currentUser(res), form);
      await render(res, { created: { token, name: row.name, scope: row.scope, expiresAt: row.expires_at } });
    } catch (err) {
      const fields = invalidFields(err);
      if (!fields) throw err;
      await render(res, { errors: fields, values: req.body ?? {} }, 400);
    }
  });

  router.post('/account/tokens/:id/revoke', requireUser, async (req, res) => {
    await revokeToken(ctx, currentUser(res), String(req.params.id));
    flash(req, 'api.tokens.revoked');
    res.redirect(303, '/account/tokens');
  });

  router.get('/api/docs', (_req, res) => res.render('api/docs'));
  return router;
}
