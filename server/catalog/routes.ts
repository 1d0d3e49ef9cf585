// The published questionnaires:
//   GET  /questionnaires                                   the list (retired versions marked)
//   GET  /questionnaires/changelog                         the release's changelog
//   GET  /questionnaires/:id/:version                      read-only preview of one version, retired ones too
// and the platform admin's publishing:
//   GET  /admin/questionnaires                             every version, with retire/restore and the upload form
//   POST /admin/questionnaires                             publish a file (multipart: `_csrf`, `file` or pasted `source`)
//   POST /admin/questionnaires/:id/:version/retire|restore
// The upload is multipart: like the evidence upload (server/evidence/routes.ts) its route is mounted
// before the app-wide CSRF check and runs that check itself once multer has read the body, only for a
// platform admin and with the body's size bounded.
import { isUtf8 } from 'node:buffer';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { currentUser, requirePlatformAdmin, requireUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { MIB } from '../domain/evidence.js';
import { isScored, testedLevels } from '../domain/questionnaire/model.js';
import { CONFORMANCE_GRADES } from '../domain/questionnaire/schema.js';
import { AppError } from '../errors.js';
import { invalidFields } from '../http/errors.js';
import { flash } from '../http/flash.js';
import { changelogHtml } from './changelog.js';
import { publishQuestionnaire, questionnairesAdminPage, QuestionnaireRefused, setVersionRetired, type ProblemWithLine, type Upload } from './service.js';

/** The largest questionnaire file accepted (the shipped ones are about 0.3 MiB). */
const MAX_QUESTIONNAIRE_MB = 4;
const ADMIN_PATH = '/admin/questionnaires';

/** Looks for versions another process published, at most every few seconds (server/catalog/refresh.ts). */
export function catalogFreshness(ctx: AppContext): RequestHandler {
  return async (_req, _res, next) => {
    try {
      await ctx.catalogSync.refreshIfDue();
    } catch (err) {
      // The catalog in memory stays usable; the next request looks again.
      ctx.logger.warn({ err }, 'looking for newly published questionnaire versions failed');
    }
    next();
  };
}

interface PageState {
  errors?: Record<string, string>;
  values?: { source?: string };
  problems?: ProblemWithLine[];
  /** A refusal of the whole file, in the page's language. */
  refusal?: string;
}

async function renderAdmin(ctx: AppContext, res: Response, status = 200, state: PageState = {}) {
  res.status(status).render('admin/questionnaires', { ...(await questionnairesAdminPage(ctx)), errors: {}, values: {}, problems: [], refusal: null, ...state });
}

/** The upload route, with its own CSRF check (`csrfCheck`, the app's) after the body is read. */
export function questionnaireUploadRoutes(ctx: AppContext, csrfCheck: RequestHandler): Router {
  const router = express.Router();
  const limit = MAX_QUESTIONNAIRE_MB * MIB;
  const upload = multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8',
    limits: { fileSize: limit, files: 1, fields: 3, parts: 4, fieldSize: limit, fieldNameSize: 100 },
  }).single('file');

  // Too large a file or text is a refusal shown next to the field (after the CSRF check), not an error page.
  const receive: RequestHandler = (req, res, next) =>
    upload(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError && (err.code === 'LIMIT_FILE_SIZE' || err.code === 'LIMIT_FIELD_VALUE')) {
        res.locals.tooLarge = err.code === 'LIMIT_FILE_SIZE' ? 'file' : 'source';
        return next();
      }
      if (err instanceof multer.MulterError) return next(new AppError('invalid', 'errors.invalidInput'));
      next(err);
    });

  router.post(ADMIN_PATH, requireUser, requirePlatformAdmin, receive, csrfCheck, async (req, res) => {
    if (res.locals.tooLarge) return renderAdmin(ctx, res, 400, { errors: { [res.locals.tooLarge]: 'publish.errors.tooLarge' } });
    const sent = uploadOf(req);
    if (!sent) return renderAdmin(ctx, res, 400, { errors: { file: 'publish.errors.encoding' } });
    try {
      await publishQuestionnaire(ctx, currentUser(res), sent);
      flash(req, 'publish.publishedDone');
      res.redirect(303, ADMIN_PATH);
    } catch (err) {
      // Whatever was wrong, the text that was sent comes back in the form to be corrected.
      const values = { source: sent.text };
      if (err instanceof QuestionnaireRefused) return renderAdmin(ctx, res, 400, { values, problems: err.problems });
      if (err instanceof AppError && err.kind === 'conflict') return renderAdmin(ctx, res, 409, { values, refusal: res.locals.t(err.messageKey, err.detail as Record<string, unknown>) });
      const fields = invalidFields(err);
      if (!fields) throw err;
      await renderAdmin(ctx, res, 400, { errors: fields, values });
    }
  });
  return router;
}

/** The file's text (UTF-8, without a byte-order mark) or the pasted text; undefined for a file that is not UTF-8 text. */
function uploadOf(req: Request): Upload | undefined {
  if (req.file) {
    if (!isUtf8(req.file.buffer)) return undefined;
    return { fileName: req.file.originalname, text: req.file.buffer.toString('utf8').replace(/^\uFEFF/, '') };
  }
  const source = (req.body as Record<string, unknown> | undefined)?.source;
  return { text: typeof source === 'string' ? source : '' };
}

const VersionParams = z.object({ id: z.string().min(1).max(100), version: z.string().min(1).max(40) });

export function questionnaireRoutes(ctx: AppContext): Router {
  const router = express.Router();

  router.get('/questionnaires', (_req, res) => {
    const items = ctx.catalog.latest().map((latest) => {
      // The version shown is the one new assessments start on, when there is one.
      const q = ctx.catalog.startable().find((s) => s.id === latest.id) ?? latest;
      return {
        q,
        retired: ctx.catalog.isRetired(q.id, q.version),
        questionCount: q.dimensions.reduce((n, d) => n + d.subDimensions.reduce((m, s) => m + s.questions.length, 0), 0),
        versions: ctx.catalog.versions(q.id).map((v) => ({ version: v.version, retired: ctx.catalog.isRetired(v.id, v.version) })),
      };
    });
    res.render('questionnaires/list', { items });
  });

  // The changelog is a file of the release (questionnaires/CHANGELOG.md), written by the project, not by users.
  router.get('/questionnaires/changelog', (_req, res) => {
    res.render('questionnaires/changelog', { html: changelogHtml(ctx.config.questionnaireDir) });
  });

  router.get('/questionnaires/:id/:version', (req, res) => {
    const q = ctx.catalog.get(String(req.params.id), String(req.params.version));
    res.render('questionnaires/preview', { q, retired: ctx.catalog.isRetired(q.id, q.version), isScored, testedLevels, conformanceGrades: CONFORMANCE_GRADES });
  });

  router.use(ADMIN_PATH, requireUser, requirePlatformAdmin);
  router.get(ADMIN_PATH, (_req, res) => renderAdmin(ctx, res));

  for (const [action, retire] of [['retire', true], ['restore', false]] as const) {
    router.post(`${ADMIN_PATH}/:id/:version/${action}`, async (req, res) => {
      const { id, version } = VersionParams.parse(req.params);
      await setVersionRetired(ctx, currentUser(res), id, version, retire);
      flash(req, retire ? 'publish.retiredDone' : 'publish.restoredDone');
      res.redirect(303, ADMIN_PATH);
    });
  }

  return router;
}
