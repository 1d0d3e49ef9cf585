// The view engine (server/http/views.ts): includes share their caller's locals without copying them, and a
// value put on Object.prototype is never read as a local.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewEngine } from '../../server/http/views.js';

function views(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'zp-views-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function render(dir: string, file: string, locals: object): Promise<string> {
  return new Promise((resolve, reject) => viewEngine(dir)(join(dir, file), locals, (err, html) => (err ? reject(err) : resolve(html!))));
}

describe('view engine', () => {
  it("gives a partial its caller's locals and its own data, nested, without changing the caller's", async () => {
    const dir = views({
      'page.ejs': "<%= title %>|<%- include('/parts/outer', { who: 'outer' }) %>|<%= typeof who %>|<%= locals.who ?? 'none' %>",
      'parts/outer.ejs': "<%= who %>:<%= title %>:<%- include('/parts/inner', { title: 'inner title' }) %>:<%= title %>",
      'parts/inner.ejs': '<%= who %>/<%= title %>/<%= locals.title %>/<%= n + 1 %>',
    });
    expect(await render(dir, 'page.ejs', { title: 'Page', n: 41 })).toBe('Page|outer:Page:outer/inner title/inner title/42:Page|undefined|none');
  });

  it('escapes what it prints and reports a missing local with the file and line', async () => {
    const dir = views({ 'page.ejs': "<%= text %>\n<%- include('/broken') %>", 'broken.ejs': 'ok\n<%= missing %>' });
    await expect(render(dir, 'page.ejs', { text: '<b>' })).rejects.toThrow(/broken\.ejs:2[\s\S]*missing is not defined/);
    const ok = views({ 'page.ejs': '<%= text %>' });
    expect(await render(ok, 'page.ejs', { text: '<b>"x"</b>' })).toBe('&lt;b&gt;&#34;x&#34;&lt;/b&gt;');
  });

  it('never reads a value added to Object.prototype as one of its locals, in a page or a partial', async () => {
    const dir = views({ 'page.ejs': "<%= locals.polluted ?? 'none' %>|<%- include('/part') %>", 'part.ejs': "<%= locals.polluted ?? 'none' %>" });
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = 'yes';
    try {
      expect(await render(dir, 'page.ejs', {})).toBe('none|none');
    } finally {
      delete proto.polluted;
    }
  });
});
