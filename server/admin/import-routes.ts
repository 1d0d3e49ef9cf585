// Importing organizations from a file (the platform admin's):
//   GET  /admin/import               the upload form and what the file may hold
//   GET  /admin/import/template.csv  the template (CSV, UTF-8 with BOM)
//   POST /admin/import               multipart upload → the dry run: every row's problems, nothing written
//   POST /admin/import/commit        the rows again (carried by the dry run's form), checked again, imported
// The upload is a multipart form: like the evidence upload it is mounted before the app-wide CSRF check
// (which cannot read a multipart body), lets only a platform admin's request reach multer, bounds the
// file's size, and runs the same CSRF check itself once multer has read the body.
import express, { type RequestHandler, type Response, type Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { currentUser, requirePlatformAdmin, requireUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { MAX_IMPORT_ROWS } from '../domain/org-import.js';
import { Invalid } from '../errors.js';
import { invalidFields } from '../http/errors.js';
import { flash } from '../http/flash.js';
import { profileChoices } from '../orgs/forms.js';
import { dryRunImport, importOrganizations, importTemplate, type DryRun } from './import-service.js';

/** Largest import file accepted, in bytes. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const CommitForm = z.object({
  fileName: z.string().max(300).default(''),
  rows: z
    .string()
    .max(1_000_000)
    .transform((text, c) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        c.addIssue({ code: 'custom', message: 'errors.invalidInput' });
        return z.NEVER;
      }
    })
    .pipe(z.array(z.array(z.string().max(1000)).max(100)).max(MAX_IMPORT_ROWS + 2)),
});

function renderImport(res: Response, status: number, locals: { result?: DryRun; errors?: Record<string, string> } = {}) {
  res.status(status).render('admin/import', { ...profileChoices, result: null, errors: {}, maxMb: MAX_IMPORT_BYTES / 1024 / 1024, maxRows: MAX_IMPORT_ROWS, ...locals });
}

/** The upload, with its own CSRF check (`csrfCheck`, the app's) after the body is read. */
export function adminImportUploadRoutes(ctx: AppContext, csrfCheck: RequestHandler): Router {
  const router = express.Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8',
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 4096, fieldNameSize: 100 },
  }).single('file');

  // A file over the limit is a refusal shown next to the field (after the CSRF check), not an error page.
  const receive: RequestHandler = (req, res, next) =>
    upload(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
        res.locals.uploadRefusal = new Invalid('errors.invalidInput', { file: 'orgImport.errors.tooLarge' });
        return next();
      }
      if (err instanceof multer.MulterError) return next(new Invalid('errors.invalidInput'));
      next(err);
    });

  router.post('/admin/import', requireUser, requirePlatformAdmin, receive, csrfCheck, async (req, res) => {
    try {
      if (res.locals.uploadRefusal) throw res.locals.uploadRefusal;
      if (!req.file) throw new Invalid('errors.invalidInput', { file: 'orgImport.errors.noFile' });
      const result = await dryRunImport(ctx, currentUser(res), { name: req.file.originalname, bytes: req.file.buffer });
      renderImport(res, result.problems.length ? 400 : 200, { result });
    } catch (err) {
      const errors = invalidFields(err);
      if (!errors) throw err;
      renderImport(res, 400, { errors });
    }
  });
  return router;
}

/** The page, the template and the import itself (the /admin guard in routes.ts comes first). */
export function adminImportRoutes(ctx: AppContext): Router {
  const router = express.Router();

  router.get('/admin/import', (_req, res) => renderImport(res, 200));

  router.get('/admin/import/template.csv', (_req, res) => {
    res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="organizations-template.csv"');
    res.send(importTemplate());
  });

  router.post('/admin/import/commit', async (req, res) => {
    const form = CommitForm.parse(req.body ?? {});
    const result = await importOrganizations(ctx, currentUser(res), form);
    if (!result.imported) return renderImport(res, 400, { result });
    flash(req, 'orgImport.imported');
    res.redirect(303, '/admin/organizations');
  });

  return router;
}
