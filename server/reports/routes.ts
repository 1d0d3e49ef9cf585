// Report downloads for whoever may read the assessment:
//   GET /assessments/:id/report.pdf?lang=…              the current signed report, or a draft
//   GET /assessments/:id/signed/:revision/report.pdf     an earlier (or the current) signed revision
import express, { type Response, type Router } from 'express';
import { currentUser, requireUser } from '../auth/middleware.js';
import { openAssessment } from '../assessments/access.js';
import type { AppContext } from '../context.js';
import { NotFound } from '../errors.js';
import { isLocale } from '../i18n.js';
import { currentReport, signedReport, type ReportFile } from './service.js';

function sendPdf(res: Response, file: ReportFile): void {
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(file.pdf);
}

export function reportRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.get('/assessments/:id/report.pdf', requireUser, async (req, res) => {
    const access = await openAssessment(ctx, currentUser(res), String(req.params.id));
    const locale = isLocale(req.query.lang) ? req.query.lang : res.locals.lang;
    sendPdf(res, await currentReport(ctx, access, locale));
  });
  router.get('/assessments/:id/signed/:revision/report.pdf', requireUser, async (req, res) => {
    const access = await openAssessment(ctx, currentUser(res), String(req.params.id));
    const revision = Number(req.params.revision);
    if (!Number.isInteger(revision) || revision < 1) throw new NotFound();
    const locale = isLocale(req.query.lang) ? req.query.lang : res.locals.lang;
    sendPdf(res, await signedReport(ctx, access, locale, revision));
  });
  return router;
}
