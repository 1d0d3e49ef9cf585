// The floor under the answering ratios: the real app, configured as `npm start` configures it, with the
// section's address answered where the app's own routes begin: a GET sends a fixed page's bytes to a
// signed-in user, a POST (an autosave, CSRF checked) answers a small JSON and saves nothing. A request passes
// everything a page or a save passes (security headers, the catalog check, cookies, language, body parsers,
// the session read from the database, the user, CSRF) and then reads, writes and renders nothing. Its
// requests/s ÷ the yardstick's is the most the answering page (1) or the autosave (2) could reach with this stack.
//   DATA_DIR=… node dist/bench/stack-server.js [file-with-the-page]
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { createApp } from '../server/app.js';
import { readConfig } from '../server/config.js';
import { createContext } from '../server/context.js';
import { openDatabase } from '../server/db/connect.js';

interface Layer {
  route?: { path?: string };
}

const SECTION = '/assessments/:id/sections/:dimensionId';
const [file] = process.argv.slice(2);
const body = file ? readFileSync(file) : Buffer.alloc(0);
const config = readConfig();
const handle = openDatabase(config);
const ctx = await createContext(config, handle, pino({ level: 'warn' }));
const app = createApp(ctx);
app.get(SECTION, (_req, res) => {
  if (!res.locals.user) return void res.sendStatus(403);
  res.type('html').send(body);
});
app.post(SECTION, (_req, res) => {
  if (!res.locals.user) return void res.sendStatus(403);
  res.json({ saved: 0, revisions: {}, errors: {} });
});
// Both moved from the end of the app to just before its first page route (the home page), after all middleware.
const stack = (app as unknown as { router: { stack: Layer[] } }).router.stack;
const floor = stack.splice(-2, 2);
const home = stack.findIndex((layer) => layer.route?.path === '/');
if (home < 0) throw new Error('stack-server: the home page route was not found in the app');
stack.splice(home, 0, ...floor);
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`"port":${typeof address === 'object' && address ? address.port : 0} Zhiping is listening (the stack, no page)`);
});
process.on('SIGTERM', () =>
  server.close(async () => {
    await ctx.reports.close();
    await handle.close();
    process.exit(0);
  }),
);
