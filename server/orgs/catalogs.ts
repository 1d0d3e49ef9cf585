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
