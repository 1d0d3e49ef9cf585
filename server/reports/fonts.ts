// The CJK font for reports (Noto Sans SC, shipped by an npm package as TTF), read and parsed once per
// thread (a report worker) and shared by every report that thread lays out. Given a path or bytes, pdfkit
// has fontkit parse the font again for each document, and the tables a report needs (cmap, loca, hmtx,
// GSUB/GPOS of some 30,000 glyphs per face) are decoded again and dropped with it. Given a parsed font,
// pdfkit uses it as it is and still subsets each document on its own (EmbeddedFont: font.createSubset()
// per document), so a report embeds only the glyphs it uses.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create, type Font } from 'fontkit';

const require = createRequire(import.meta.url);
const fontDir = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));

/** The faces a report sets its text in (the names registered with pdfkit). */
export type ReportFace = 'body' | 'bold';

const FILES: Record<ReportFace, string> = {
  body: join(fontDir, '400Regular', 'NotoSansSC_400Regular.ttf'),
  bold: join(fontDir, '700Bold', 'NotoSansSC_700Bold.ttf'),
};

const parsed: Partial<Record<ReportFace, Font>> = {};

/** The face parsed once on first use in this thread (a report worker), then shared by its reports. */
export function reportFont(face: ReportFace): Font {
  return (parsed[face] ??= create(readFileSync(FILES[face])));
}
