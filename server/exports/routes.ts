// Exports, for whoever may read what they contain:
//   GET /assessments/:id/export.csv|xlsx|json?lang=…   one assessment (the current signed record, or the live one)
//   GET /exports/assessments.csv|xlsx?orgId=…&group=…  every assessment the user may see, streamed
//   GET /schemas/assessment-snapshot.json              the JSON Schema of an assessment's JSON export
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { isLocale } from '../i18n.js';
import { siteUrl } from '../http/site-url.js';
import type { Locale } from '../domain/questionnaire/schema.js';
import { ProgrammeQuerySchema } from './query.js';
import { assessmentExport, programmeExport } from './service.js';
import { SNAPSHOT_SCHEMA_PATH, snapshotJsonSchema } from './snapshot-schema.js';

const AssessmentFormat = z.enum(['csv', 'xlsx', 'json']);
const SheetFormat = z.enum(['csv', 'xlsx']);

/** The schema's absolute address: under SITE_URL when set (stable), else as the browser reached the site. */
const schemaUrl = (ctx: AppContext, req: Request) => (ctx.config.siteUrl ? new URL(SNAPSHOT_SCHEMA_PATH, ctx.config.siteUrl).toString() : siteUrl(req, SNAPSHOT_SCHEMA_PATH));

const localeOf = (req: Request, res: Response): Locale => (isLocale(req.query.lang) ? req.query.lang : res.locals.lang);

function attachment(res: Response, contentType: string, fileName: string): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'private, no-store');
}

export function exportRoutes(ctx: AppContext): Router {
  const router = express.Router();

  router.get(SNAPSHOT_SCHEMA_PATH, (req, res) => {
    res.type('application/schema+json').send(JSON.stringify(snapshotJsonSchema(schemaUrl(ctx, req)), null, 2));
  });

  router.get('/assessments/:id/export.:format', requireUser, async (req, res, next) => {
    const format = AssessmentFormat.safeParse(req.params.format);
    if (!format.success) return next();
    const file = await assessmentExport(ctx, currentUser(res), String(req.params.id), format.data, localeOf(req, res), schemaUrl(ctx, req));
    attachment(res, file.contentType, file.fileName);
    res.send(file.body);
  });

  router.get('/exports/assessments.:format', requireUser, async (req, res, next) => {
    const format = SheetFormat.safeParse(req.params.format);
    if (!format.success) return next();
    const file = await programmeExport(ctx, currentUser(res), ProgrammeQuerySchema.parse(req.query), format.data, localeOf(req, res));
    attachment(res, file.contentType, file.fileName);
    await file.write(res);
  });

  return router;
}
