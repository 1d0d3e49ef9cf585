// The common-password list shipped with the project (common-passwords.txt beside this file, read
// from the project folder so the built app uses the same file). A password on it is refused whatever
// its length; there are no other composition rules.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectRoot } from '../config.js';

let list: Set<string> | undefined;

function commonPasswords(): Set<string> {
  list ??= new Set(
    readFileSync(resolve(projectRoot, 'server', 'auth', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#')),
  );
  return list;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}
