// The published questionnaires: a list, and a read-only preview of one version in either language.
import express, { type Router } from 'express';
import type { AppContext } from '../context.js';
import { changelogHtml } from './changelog.js';
import { isScored, testedLevels } from '../domain/questionnaire/model.js';
import { CONFORMANCE_GRADES } from '../domain/questionnaire/schema.js';

export function questionnaireRoutes(ctx: AppContext): Router {
  const router = express.Router();

  router.get('/questionnaires', (_req, res) => {
    const items = ctx.catalog.latest().map((q) => ({
      q,
      questionCount: q.dimensions.reduce((n, d) => n + d.subDimensions.reduce((m, s) => m + s.questions.length, 0), 0),
      versions: ctx.catalog.versions(q.id).map((v) => v.version),
    }));
    res.render('questionnaires/list', { items });
  });

  // The changelog is a file of the release (questionnaires/CHANGELOG.md), written by the project, not by users.
  router.get('/questionnaires/changelog', (_req, res) => {
    res.render('questionnaires/changelog', { html: changelogHtml(ctx.config.questionnaireDir) });
  });

  router.get('/questionnaires/:id/:version', (req, res) => {
    const q = ctx.catalog.get(String(req.params.id), String(req.params.version));
    res.render('questionnaires/preview', { q, isScored, testedLevels, conformanceGrades: CONFORMANCE_GRADES });
  });

  return router;
}
