// Report download for members and assigned consultants: GET /assessments/:id/report.pdf?lang=zh-CN|en
import express, { type Router } from 'express';
import { currentUser, requireUser } from '../auth/middleware.js';
import { loadAnswers } from '../assessments/repo.js';
import { openAssessment } from '../assessments/service.js';
import type { AppContext } from '../context.js';
import { isLocale } from '../i18n.js';
import { buildReportForAssessment } from './service.js';
import { renderReportPdf } from './pdf.js';

export function reportRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.get('/assessments/:id/report.pdf', requireUser, async (req, res) => {
    const access = await openAssessment(ctx, currentUser(res), String(req.params.id));
    const locale = isLocale(req.query.lang) ? req.query.lang : res.locals.lang;
    const model = await buildReportForAssessment(ctx, access, await loadAnswers(ctx.db, access.assessment.id), locale);
    const pdf = await renderReportPdf(model);
    const fileName = `zhiping-report-${access.assessment.id.slice(0, 8)}-${locale}.pdf`;
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(pdf);
  });
  return router;
}
