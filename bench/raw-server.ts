// The yardstick of the answering-page ratio: plain Express sending a fixed page's bytes as they are
// (same headers a browser would get for HTML, no session, no database, no rendering). Run as its own
// process, like the app, so both sides of the ratio pay the same HTTP costs.
//   node dist/bench/raw-server.js <file-with-the-page>
import { readFileSync } from 'node:fs';
import express from 'express';

const body = readFileSync(process.argv[2]);
const app = express();
app.disable('x-powered-by');
app.use((_req, res) => {
  res.type('html').send(body);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`"port":${typeof address === 'object' && address ? address.port : 0} Zhiping is listening (raw bytes)`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
