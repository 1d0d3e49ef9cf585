// The cells every spreadsheet export writes: formula-looking text neutralised, a BOM, CRLF lines, quoting.
import { describe, expect, it } from 'vitest';
import { csvStream, neutraliseCell, neutraliseRow } from '../../server/exports/cells.js';

describe('spreadsheet cells', () => {
  it('neutralises text that a spreadsheet would run as a formula, and nothing else', () => {
    expect(neutraliseRow(['=SUM(A1)', '+86 10', '-1', '@cmd', '\tx', 'plain', '张三', -1, 0.5, null])).toEqual([
      "'=SUM(A1)", "'+86 10", "'-1", "'@cmd", "'\tx", 'plain', '张三', -1, 0.5, null,
    ]);
    expect(neutraliseCell(undefined)).toBeNull();
  });

  it('writes a CSV that starts with a UTF-8 BOM, quotes what needs it and ends lines with CRLF', async () => {
    const csv = csvStream(['组织', 'score']);
    const chunks: string[] = [];
    csv.on('data', (c: Buffer | string) => chunks.push(String(c)));
    const done = new Promise((r) => csv.on('end', r));
    csv.write(neutraliseRow(['=HYPERLINK("x")', 3.5]));
    csv.write(neutraliseRow(['a,"b"', null]));
    csv.end();
    await done;
    expect(chunks.join('')).toBe('\uFEFF组织,score\r\n"\'=HYPERLINK(""x"")",3.5\r\n"a,""b""",\r\n');
  });
});
