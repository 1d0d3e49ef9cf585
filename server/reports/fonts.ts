// The CJK font for reports (Noto Sans SC, shipped by an npm package as TTF), read once per process.
// pdfkit embeds only the glyphs a report uses.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const fontDir = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));

export interface ReportFonts {
  regular: Buffer;
  bold: Buffer;
}

let fonts: ReportFonts | undefined;

export function reportFonts(): ReportFonts {
  fonts ??= {
    regular: readFileSync(join(fontDir, '400Regular', 'NotoSansSC_400Regular.ttf')),
    bold: readFileSync(join(fontDir, '700Bold', 'NotoSansSC_700Bold.ttf')),
  };
  return fonts;
}
