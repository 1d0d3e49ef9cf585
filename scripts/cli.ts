// Runs a command-line entry point: prints problems to stderr, one per line, and exits non-zero.
import { BatchInputError } from '../server/batch/answers-file.js';
import { QuestionnaireFileError } from '../server/catalog/files.js';

export function runCli(main: () => void | Promise<void>): void {
  Promise.resolve()
    .then(main)
    .catch((err: unknown) => {
      if (err instanceof BatchInputError) for (const p of err.problems) process.stderr.write(`error: ${p}\n`);
      else if (err instanceof QuestionnaireFileError) process.stderr.write(err.message + '\n');
      else process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    });
}
