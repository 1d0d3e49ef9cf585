// Runs once before the suite:
// - builds dist/, so the tests that start the server as a real process run the current code;
// - gives the run its own temporary folder (TMPDIR for every test process) and removes it at the
//   end, so a run leaves nothing behind in the machine's temp directory, whatever a test forgets;
// - installs poppler-utils from Debian where it is missing (report tests read PDFs with pdftotext,
//   pdffonts, pdftoppm and pdfsig), as the README's test command promises.
import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../server/config.js';

function has(command: string): boolean {
  try {
    execSync(`command -v ${command}`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function installPoppler(): void {
  if (['pdftotext', 'pdffonts', 'pdftoppm', 'pdfsig'].every(has)) return;
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils`, {
    stdio: 'inherit',
  });
}

export default function setup(): () => void {
  installPoppler();
  execFileSync(process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  const root = mkdtempSync(join(tmpdir(), 'zhiping-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
