// Evidence files on answers:
//   POST /assessments/:id/questions/:questionId/evidence   attach (multipart: `_csrf`, then `file`)
//   GET  /assessments/:id/evidence/:fileId                 download
//   POST /assessments/:id/evidence/:fileId/remove          remove from the answer (kept in the history)
// The upload is the app's one multipart form. Its route is mounted before the app-wide CSRF check
// (which cannot read a multipart body) and runs the same check itself once multer has read the
// body: only after the user is known to be allowed to attach to this question, and with the file's
// size bounded, so nobody can make the server buffer uploads it will refuse anyway.
import { pipeline } from 'node:stream/promises';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import multer from 'multer';
import { currentUser, requireUser } from '../auth/middleware.js';
import { dimensionOf, openAssessment, type AssessmentAccess } from '../assessments/access.js';
import type { AppContext } from '../context.js';
import { MIB } from '../domain/evidence.js';
import { AppError, Invalid } from '../errors.js';
import { flash, flashFieldError } from '../http/flash.js';
import { attachEvidence, evidenceDownload, isUploadRefusal, openForAttaching, removeEvidence, tooLarge } from './service.js';

export const UPLOAD_PATH = '/assessments/:id/questions/:questionId/evidence';

const sectionUrl = (assessmentId: string, dimensionId: string | undefined, questionId: string) =>
  `/assessments/${assessmentId}/sections/${dimensionId}#evidence-${questionId}`;

/** A refusal in the page's language, naming what the content was found to be. */
function refusalMessage(res: Response, err: AppError & { detail: Record<string, unknown> }): string {
  const t = res.locals.t as (key: string, options?: Record<string, unknown>) => string;
  const { ext, mime } = err.detail;
  const what = ext ? t(`evidence.kinds.${String(ext)}`, { defaultValue: t('evidence.kinds.other', { ext, mime }) }) : undefined;
  return t(err.messageKey, { ...err.detail, what });
}

const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';

/** The upload route, with its own CSRF check (`csrfCheck`, the app's) after the body is read. */
export function evidenceUploadRoutes(ctx: AppContext, csrfCheck: RequestHandler): Router {
  const router = express.Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    // Browsers send the file name as raw UTF-8; busboy would read it as latin1 (mojibake for 中文.pdf).
    defParamCharset: 'utf8',
    limits: { fileSize: Math.floor(ctx.config.evidenceMaxFileMb * MIB), files: 1, fields: 4, parts: 5, fieldSize: 4096, fieldNameSize: 100 },
  }).single('file');

  const authorizeFirst: RequestHandler = async (req, res, next) => {
    res.locals.evidenceAccess = await openForAttaching(ctx, currentUser(res), String(req.params.id), String(req.params.questionId));
    next();
  };

  // A file over the limit is a refusal shown on the page (after the CSRF check), not an error page.
  const receive: RequestHandler = (req, res, next) =>
    upload(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
        res.locals.uploadRefusal = tooLarge(ctx, (err as { filename?: string }).filename ?? '');
        return next();
      }
      if (err instanceof multer.MulterError) return next(new Invalid('errors.invalidInput'));
      next(err);
    });

  router.post(UPLOAD_PATH, requireUser, authorizeFirst, receive, csrfCheck, async (req, res) => {
    const access = res.locals.evidenceAccess as AssessmentAccess;
    const questionId = String(req.params.questionId);
    const back = sectionUrl(access.assessment.id, dimensionOf(access.questionnaire, questionId), questionId);
    try {
      if (res.locals.uploadRefusal) throw res.locals.uploadRefusal;
      if (!req.file) throw new AppError('invalid', 'evidence.errors.noFile', {}, {});
      await attachEvidence(ctx, currentUser(res), access, questionId, { name: req.file.originalname, bytes: req.file.buffer });
      flash(req, 'evidence.attached');
    } catch (err) {
      if (!isUploadRefusal(err) || wantsJson(req)) throw err;
      flashFieldError(req, `evidence-${questionId}`, refusalMessage(res, err));
    }
    res.redirect(303, back);
  });
  return router;
}

export function evidenceRoutes(ctx: AppContext): Router {
  const router = express.Router();

  router.get('/assessments/:id/evidence/:fileId', requireUser, async (req, res) => {
    const file = await evidenceDownload(ctx, currentUser(res), String(req.params.id), String(req.params.fileId));
    // Always a download, typed as sniffed at upload; the browser must not guess another type.
    res.attachment(file.name);
    res.type(file.mime);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    try {
      await pipeline(file.stream, res);
    } catch (err) {
      // The client went away mid-download: nothing to answer, nothing to log.
      if ((err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE' && res.destroyed) return;
      throw err;
    }
  });

  router.post('/assessments/:id/evidence/:fileId/remove', requireUser, async (req, res) => {
    const access = await openAssessment(ctx, currentUser(res), String(req.params.id));
    const { questionId, dimensionId } = await removeEvidence(ctx, currentUser(res), access, String(req.params.fileId));
    flash(req, 'evidence.removedNotice');
    res.redirect(303, sectionUrl(access.assessment.id, dimensionId, questionId));
  });
  return router;
}
