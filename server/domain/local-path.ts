// A path on this site, never another host: what a redirect built from stored or submitted data may go to.

/** True for "/assessments/1"; false for "//evil.example", "https://…", "/\\host", control characters and non-strings. */
export function isLocalPath(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\') && !/[\u0000-\u001f\u007f]/.test(value);
}
