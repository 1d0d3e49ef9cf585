// Deciding what an uploaded file is from its bytes alone: file-type's signature detection for the
// documents and images we accept; content it does not recognise is text only when it is valid UTF-8
// without NUL bytes. The name and the browser's Content-Type are never trusted.
import { isUtf8 } from 'node:buffer';
import { fileTypeFromBuffer } from 'file-type';
import { CSV_TYPE, SNIFFED_TYPES, TEXT_TYPE, type EvidenceType } from '../domain/evidence.js';

export type ContentVerdict =
  | { accepted: true; type: EvidenceType }
  /** `detected`: what file-type found (extension and type), or undefined for unrecognised binary content. */
  | { accepted: false; detected?: { ext: string; mime: string } };

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function isText(bytes: Buffer): boolean {
  const body = bytes.subarray(0, 3).equals(UTF8_BOM) ? bytes.subarray(3) : bytes;
  return !body.includes(0) && isUtf8(body);
}

export async function judgeContent(bytes: Buffer, name: string): Promise<ContentVerdict> {
  const found = await fileTypeFromBuffer(bytes);
  if (found) {
    // file-type says "jpg" for every JPEG and names the Office formats by their own extensions.
    const type = SNIFFED_TYPES.find((t) => t.mime === found.mime);
    return type ? { accepted: true, type } : { accepted: false, detected: { ext: found.ext, mime: found.mime } };
  }
  if (!isText(bytes)) return { accepted: false };
  return { accepted: true, type: /\.csv$/i.test(name) ? CSV_TYPE : TEXT_TYPE };
}
