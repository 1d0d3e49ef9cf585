// The fixed lists an organization is described by; benchmarks compare within industry and size band.
export const INDUSTRIES = [
  'manufacturing-discrete',
  'manufacturing-process',
  'energy',
  'finance',
  'healthcare',
  'retail',
  'logistics',
  'ict',
  'public',
  'education',
  'other',
] as const;

export const SIZE_BANDS = ['micro', 'small', 'medium', 'large'] as const;

/**
 * The 34 provincial-level divisions by their GB/T 2260 codes (23 provinces, 5 autonomous regions,
 * 4 municipalities, 2 special administrative regions); their names are `province.<code>` in locales/.
 */
export const PROVINCES = [
  '110000', '120000', '130000', '140000', '150000', '210000', '220000', '230000', '310000', '320000', '330000', '340000',
  '350000', '360000', '370000', '410000', '420000', '430000', '440000', '450000', '460000', '500000', '510000', '520000',
  '530000', '540000', '610000', '620000', '630000', '640000', '650000', '710000', '810000', '820000',
] as const;
