// The layering ARCHITECTURE.md describes, checked on the real import graph (dependency-cruiser):
// the domain is pure, routes reach data only through services, and feature folders form no cycle.
import { cruise, type IModule } from 'dependency-cruiser';
import { beforeAll, describe, expect, it } from 'vitest';

let modules: IModule[];
beforeAll(async () => {
  const result = await cruise(['server'], { tsConfig: { fileName: 'tsconfig.json' }, tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' } });
  if (typeof result.output === 'string') throw new Error('unexpected string output');
  modules = result.output.modules.filter((m) => m.source.startsWith('server/'));
}, 60_000);

const imports = (m: IModule) => m.dependencies.map((d) => d.resolved);
/** The feature folder of a server file, or undefined for the shared root files (config, errors, i18n, context, app, main). */
const folderOf = (path: string) => /^server\/([^/]+)\//.exec(path)?.[1];

const IMPURE_PACKAGES = ['express', 'ejs', 'kysely', 'pg', 'better-sqlite3', 'pdfkit', '@libpdf/core', 'express-session', 'pino'];

describe('architecture', () => {
  it('keeps the domain pure: no framework, database, PDF library or code outside server/domain', () => {
    const offending = modules
      .filter((m) => m.source.startsWith('server/domain/'))
      .flatMap((m) =>
        imports(m)
          .filter((dep) => (dep.startsWith('server/') && !dep.startsWith('server/domain/')) || IMPURE_PACKAGES.some((p) => dep === p || dep.startsWith(`${p}/`)))
          .map((dep) => `${m.source} → ${dep}`),
      );
    expect(offending).toEqual([]);
  });

  it('lets routes reach data only through services: no database, Kysely or data-access module in a routes file', () => {
    const offending = modules
      .filter((m) => m.source.endsWith('/routes.ts'))
      .flatMap((m) => imports(m).filter((dep) => dep.startsWith('server/db/') || dep === 'kysely' || /-repo\.ts$|\/repo\.ts$/.test(dep)).map((dep) => `${m.source} → ${dep}`));
    expect(offending).toEqual([]);
  });

  it('keeps services out of the web layer: no service imports Express or server/http', () => {
    const offending = modules
      .filter((m) => m.source.endsWith('/service.ts'))
      .flatMap((m) => imports(m).filter((dep) => dep.startsWith('server/http/') || dep === 'express').map((dep) => `${m.source} → ${dep}`));
    expect(offending).toEqual([]);
  });

  it('has no cycle between feature folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const m of modules) {
      const from = folderOf(m.source);
      if (!from) continue;
      for (const dep of imports(m)) {
        const to = folderOf(dep);
        if (!to || to === from || !dep.startsWith('server/')) continue;
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)!.add(to);
      }
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      for (const next of edges.get(node) ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' → '));
        else visit(next, [...path, next]);
      }
    };
    for (const start of edges.keys()) visit(start, [start]);
    expect([...new Set(cycles)]).toEqual([]);
  });
});
