// Runs once before the suite. Report tests read PDFs with poppler-utils (pdftotext, pdffonts,
// pdftoppm); install it from Debian where it is missing, as the README's test command promises.
import { execSync } from 'node:child_process';

function has(command: string): boolean {
  try {
    execSync(`command -v ${command}`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export default function setup(): void {
  if (has('pdftotext') && has('pdffonts') && has('pdftoppm')) return;
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils`, {
    stdio: 'inherit',
  });
}
