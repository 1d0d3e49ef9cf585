// GET /admin/dashboard: the programme operator's dashboard (platform admins); its filters are the query
// string. GET /admin/dashboard/export.csv?table=… one table as CSV; /admin/dashboard/export.xlsx every table.
import express, { type Response, type Router } from 'express';
import { currentUser, requirePlatformAdmin, requireUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { csvStream, neutraliseRow } from '../exports/cells.js';
import type { Locale } from '../i18n.js';
import { DashboardQuerySchema, ExportQuerySchema } from './query.js';
import { dashboardCsv, dashboardPage, dashboardXlsx } from './service.js';

const attachment = (res: Response, fileName: string) => res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);

export function dashboardRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.use('/admin/dashboard', requireUser, requirePlatformAdmin);

  router.get('/admin/dashboard', async (req, res) => {
    res.render('dashboard/index', await dashboardPage(ctx, currentUser(res), DashboardQuerySchema.parse(req.query)));
  });

  router.get('/admin/dashboard/export.csv', async (req, res) => {
    const { table, ...filters } = ExportQuerySchema.parse(req.query);
    const { fileName, sheet } = await dashboardCsv(ctx, currentUser(res), filters, table, res.locals.lang as Locale);
    res.type('text/csv; charset=utf-8');
    attachment(res, fileName);
    const csv = csvStream(sheet.header);
    csv.pipe(res);
    for (const row of sheet.rows) csv.write(neutraliseRow(row));
    csv.end();
  });

  router.get('/admin/dashboard/export.xlsx', async (req, res) => {
    const { fileName, bytes } = await dashboardXlsx(ctx, currentUser(res), DashboardQuerySchema.parse(req.query), res.locals.lang as Locale);
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    attachment(res, fileName);
    res.send(bytes);
  });

  return router;
}
