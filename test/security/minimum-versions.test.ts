import { describe, expect, it } from 'vitest';
import { minimumFor, readLockfile, readMinimums, tooOld } from '../../scripts/lib/minimum-versions.js';

describe('dependencies against the minimum safe versions (offline)', () => {
  it('finds no package in package-lock.json older than its listed minimum', () => {
    const minimums = readMinimums();
    expect(minimums.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(tooOld(readLockfile(), minimums)).toEqual([]);
  });

  it('reports an older copy anywhere in the tree, per release line', () => {
    const minimums = readMinimums();
    const lock = {
      packages: {
        '': { version: '0.1.0' },
        'node_modules/multer': { version: '2.0.1' },
        'node_modules/a/node_modules/node-forge': { version: '1.3.1' },
        'node_modules/form-data': { version: '4.0.4' },
        'node_modules/b/node_modules/form-data': { version: '3.0.3' },
        'node_modules/path-to-regexp': { version: '8.4.2' },
        'node_modules/c/node_modules/path-to-regexp': { version: '0.1.10' },
        'node_modules/cookie': { version: '0.6.0' },
        'node_modules/leftpad': { version: '0.0.1' },
      },
    };
    expect(tooOld(lock, minimums).map((p) => `${p.path}@${p.installed}<${p.minimum}`)).toEqual([
      'node_modules/multer@2.0.1<2.0.2',
      'node_modules/a/node_modules/node-forge@1.3.1<1.3.2',
      'node_modules/b/node_modules/form-data@3.0.3<3.0.4',
      'node_modules/c/node_modules/path-to-regexp@0.1.10<0.1.12',
      'node_modules/cookie@0.6.0<0.7.0',
    ]);
  });

  it('picks the minimum of the same release line; a newer line passes, an older one needs the first safe version', () => {
    expect(minimumFor('6.2.0', ['0.1.12', '6.3.0', '8.0.0'])).toBe('6.3.0');
    expect(minimumFor('0.1.7', ['0.1.12', '6.3.0'])).toBe('0.1.12');
    expect(minimumFor('9.0.0', ['6.3.0', '8.0.0'])).toBeUndefined();
    expect(minimumFor('1.0.0', ['2.0.2'])).toBe('2.0.2');
  });
});
