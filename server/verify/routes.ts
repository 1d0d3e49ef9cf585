// GET /verify (a form to type a code) and GET /verify/:code — public, no sign-in.
import express, { type Router } from 'express';
import type { AppContext } from '../context.js';
import { verification } from './service.js';

export function verifyRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.get('/verify', (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code.trim() : '';
    if (code) return res.redirect(303, `/verify/${encodeURIComponent(code)}`);
    res.render('verify/form');
  });
  router.get('/verify/:code', async (req, res) => {
    res.render('verify/show', { v: await verification(ctx, String(req.params.code), res.locals.lang) });
  });
  return router;
}
