// Evidence files on answers: which types are accepted (decided from the content, see
// server/evidence/content.ts), how a file's name is cleaned for storing and showing, and sizes as
// people read them.

export interface EvidenceType {
  mime: string;
  /** The extension file-type reports for it (and the `accept` attribute lists). */
  ext: string;
  /** A short name of the type for lists, the same in both languages. */
  label: string;
}

/** The types file-type must find in the content. */
export const SNIFFED_TYPES: readonly EvidenceType[] = [
  { mime: 'application/pdf', ext: 'pdf', label: 'PDF' },
  { mime: 'image/png', ext: 'png', label: 'PNG' },
  { mime: 'image/jpeg', ext: 'jpg', label: 'JPEG' },
  { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx', label: 'Word' },
  { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', label: 'Excel' },
  { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: 'pptx', label: 'PowerPoint' },
];

/** Content file-type does not recognise is accepted as one of these when it is UTF-8 text. */
export const CSV_TYPE: EvidenceType = { mime: 'text/csv', ext: 'csv', label: 'CSV' };
export const TEXT_TYPE: EvidenceType = { mime: 'text/plain', ext: 'txt', label: 'Text' };

export const EVIDENCE_TYPES: readonly EvidenceType[] = [...SNIFFED_TYPES, CSV_TYPE, TEXT_TYPE];

/** The `accept` attribute of the upload field: extensions and types, so the browser's picker offers them. */
export const ACCEPT_ATTRIBUTE = [...EVIDENCE_TYPES.map((t) => `.${t.ext}`), '.jpeg', ...EVIDENCE_TYPES.map((t) => t.mime)].join(',');

export function evidenceType(mime: string): EvidenceType | undefined {
  return EVIDENCE_TYPES.find((t) => t.mime === mime);
}

export const MAX_NAME_LENGTH = 200;

// C0 and C1 controls, DEL, and the bidirectional overrides that can make "exe.pdf" read as "fdp.exe".
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name kept for a file: the last path segment only (browsers on Windows once sent whole paths),
 * without control characters, trimmed, at most MAX_NAME_LENGTH characters with its extension kept.
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const name = base.replace(UNSAFE_CHARACTERS, '').normalize('NFC').trim();
  const chars = [...name];
  if (chars.length <= MAX_NAME_LENGTH) return name || 'file';
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? [...name.slice(dot)] : [];
  return chars.slice(0, MAX_NAME_LENGTH - ext.length).join('').trimEnd() + ext.join('');
}

export const MIB = 1024 * 1024;

/** "812 B", "34.5 KB", "2.1 MB": the same in both languages. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MIB) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / MIB).toFixed(1)} MB`;
}

/** A limit in MiB as written in messages: "20", "0.5". */
export function formatMib(mib: number): string {
  return String(Math.round(mib * 100) / 100);
}
