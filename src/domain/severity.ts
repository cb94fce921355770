// How bad a gap is: one scale for every rule, most severe first.
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 0 for critical … 3 for low; null (no severity) sorts last. */
export function severityRank(s: Severity | null | undefined): number {
  return s == null ? SEVERITIES.length : SEVERITIES.indexOf(s);
}
