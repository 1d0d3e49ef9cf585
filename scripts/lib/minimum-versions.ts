// The offline dependency check: every copy of a package in package-lock.json against the minimum safe
// versions listed in security/minimum-versions.json (see its "about"). Used by the test suite.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectRoot } from '../../server/config.js';

export interface Minimums {
  checked: string;
  packages: Record<string, { min: string[]; advisories: string[] }>;
}

interface Lockfile {
  packages: Record<string, { version?: string; link?: boolean }>;
}

type Version = [number, number, number];

function parse(version: string): Version {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new Error(`not a version: ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
/** A release line: the major version, or major.minor for 0.x. */
const line = (v: Version) => (v[0] === 0 ? `0.${v[1]}` : String(v[0]));

/** The first safe version for `installed`, or undefined when its line is newer than every listed one. */
export function minimumFor(installed: string, mins: string[]): string | undefined {
  const v = parse(installed);
  const sameLine = mins.find((m) => line(parse(m)) === line(v));
  if (sameLine) return sameLine;
  const newest = mins.map(parse).sort(compare).at(-1)!;
  // A release line older than the first safe one listed has no safe version: the lowest minimum applies.
  return compare(v, newest) > 0 ? undefined : mins.map(parse).sort(compare).map((x) => x.join('.'))[0];
}

export interface TooOld {
  name: string;
  path: string;
  installed: string;
  minimum: string;
}

/** Every installed copy (any nesting) of a listed package that is older than its minimum. */
export function tooOld(lock: Lockfile, minimums: Minimums): TooOld[] {
  const found: TooOld[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path || !entry.version || entry.link) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const listed = minimums.packages[name];
    if (!listed) continue;
    const minimum = minimumFor(entry.version, listed.min);
    if (minimum && compare(parse(entry.version), parse(minimum)) < 0) found.push({ name, path, installed: entry.version, minimum });
  }
  return found;
}

export function readMinimums(): Minimums {
  return JSON.parse(readFileSync(resolve(projectRoot, 'security', 'minimum-versions.json'), 'utf8'));
}

export function readLockfile(): Lockfile {
  return JSON.parse(readFileSync(resolve(projectRoot, 'package-lock.json'), 'utf8'));
}
