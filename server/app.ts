// Builds the Express app from its parts. Tests use it with supertest; main.ts listens with it.
import { resolve } from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import { accountRoutes } from './account/routes.js';
import { assessmentRoutes } from './assessments/routes.js';
import { assessmentsTitleOf } from './assessments/service.js';
import { authRoutes } from './auth/routes.js';
import { loadUser } from './auth/middleware.js';
import { platformAdminExists } from './auth/users-repo.js';
import { projectRoot } from './config.js';
import { paletteCss } from './domain/palette.js';
import { NotFound } from './errors.js';
import { homePage, sampleReport } from './home/service.js';
import { queueRoutes } from './queue/routes.js';
import { isLocale } from './i18n.js';
import type { AppContext } from './context.js';
import { bodyParsers } from './http/body.js';
import { evidenceRoutes, evidenceUploadRoutes } from './evidence/routes.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { flashMessages, noticeFromCookie } from './http/flash.js';
import { viewEngine } from './http/views.js';
import { i18nMiddleware, languageRoutes } from './http/i18n.js';
import { onceTokens } from './http/once.js';
import { csrf, noStore, securityHeaders, sessions, warnWhenNotSecure } from './http/security.js';
import { memberRoutes } from './members/routes.js';
import { notificationRoutes, unreadNotifications } from './notifications/routes.js';
import { orgRoutes } from './orgs/routes.js';
import { catalogFreshness, questionnaireRoutes, questionnaireUploadRoutes } from './catalog/routes.js';
import { reportRoutes } from './reports/routes.js';
import { exportRoutes } from './exports/routes.js';
import { setupRoutes } from './setup/routes.js';
import { adminRoutes } from './admin/routes.js';
import { apiPageRoutes, apiRoutes, swaggerUiAssets } from './api/routes.js';
import { adminImportUploadRoutes } from './admin/import-routes.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { reviewRoutes } from './review/routes.js';
import { verifyRoutes } from './verify/routes.js';

export function createApp(ctx: AppContext): Express {
  const app = express();
  app.set('views', resolve(projectRoot, 'views'));
  app.set('view engine', 'ejs');
  // Includes name their file from the views folder ('/partials/head'), compiled once and sharing their
  // caller's locals instead of copying them (server/http/views.ts).
  app.engine('ejs', viewEngine(resolve(projectRoot, 'views')));
  // Templates are part of the release: compile each once, not on every request.
  app.set('view cache', true);
  app.disable('x-powered-by');
  // Pages, downloads and redirects are never stored (noStore), so a validator would never be asked about:
  // no hash of every response body. (Static files keep theirs: express.static makes its own.)
  app.set('etag', false);
  // Whatever NODE_ENV says (`npm start` sets none): Express's last-resort handler then never shows a stack.
  app.set('env', 'production');
  if (ctx.config.trustProxy !== undefined) app.set('trust proxy', ctx.config.trustProxy);

  app.get('/healthz', async (_req, res) => {
    await ctx.db.selectFrom('app_settings').select('key').limit(1).execute();
    res.json({ status: 'ok' });
  });

  app.use(securityHeaders(ctx.config.cookieSecure));
  const palette = paletteCss();
  app.get('/static/palette.css', (_req, res) => res.type('text/css').setHeader('Cache-Control', 'public, max-age=3600').send(palette));
  app.use('/static', express.static(resolve(projectRoot, 'public'), { maxAge: '1h' }));
  app.use('/static/swagger-ui', swaggerUiAssets());
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/favicon.svg'));
  app.use(noStore);
  // Questionnaire versions published or retired by another process, looked for every few seconds.
  app.use(catalogFreshness(ctx));
  app.use(warnWhenNotSecure(ctx));
  // The JSON API authenticates by bearer token: before cookies, sessions and CSRF, with its own body parser and JSON errors.
  app.use('/api/v1', apiRoutes(ctx));
  app.use(cookieParser());
  app.use(i18nMiddleware(ctx.config.timeZone));
  app.use(bodyParsers());
  app.use(sessions(ctx).middleware);
  app.use(loadUser(ctx));
  // The header and the breadcrumbs name the assessments list as its page does.
  app.use((_req, res, next) => {
    res.locals.assessmentsTitle = res.locals.user ? assessmentsTitleOf(res.locals.user) : 'assessments.title';
    next();
  });
  app.use(flashMessages);
  const { protect, exposeToken } = csrf(ctx);
  app.use(exposeToken);
  // The multipart forms read their body in their route and run `protect` there (server/evidence/routes.ts,
  // server/catalog/routes.ts, server/admin/import-routes.ts).
  app.use(evidenceUploadRoutes(ctx, protect));
  app.use(questionnaireUploadRoutes(ctx, protect));
  app.use(adminImportUploadRoutes(ctx, protect));
  app.use(protect);
  app.use(noticeFromCookie);
  app.use(onceTokens(ctx));
  app.use(unreadNotifications(ctx));

  app.use(languageRoutes(ctx.config.cookieSecure));
  app.get('/', async (_req, res) => {
    if (!(await platformAdminExists(ctx.db))) return res.redirect(303, '/setup');
    // A consultant's home is the review queue; everyone else's the assessments.
    if (res.locals.user) return res.redirect(303, res.locals.user.is_consultant === 1 ? '/review' : '/assessments');
    res.render('home', await homePage(ctx));
  });
  app.get('/sample-report.pdf', async (req, res) => {
    const pdf = await sampleReport(ctx, isLocale(req.query.lang) ? req.query.lang : res.locals.lang);
    if (!pdf) throw new NotFound();
    res.type('application/pdf').setHeader('Content-Disposition', 'inline; filename="zhiping-sample-report.pdf"');
    res.send(pdf);
  });
  app.use(setupRoutes(ctx));
  app.use(authRoutes(ctx));
  app.use(accountRoutes(ctx));
  app.use(notificationRoutes(ctx));
  app.use(orgRoutes(ctx));
  app.use(memberRoutes(ctx));
  app.use(questionnaireRoutes(ctx));
  app.use(assessmentRoutes(ctx));
  app.use(evidenceRoutes(ctx));
  app.use(reviewRoutes(ctx));
  app.use(queueRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use(dashboardRoutes(ctx));
  app.use(reportRoutes(ctx));
  app.use(exportRoutes(ctx));
  app.use(verifyRoutes(ctx));
  app.use(apiPageRoutes(ctx));

  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger, ctx.config.cookieSecure));
  return app;
}
