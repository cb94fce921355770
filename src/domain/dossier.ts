// The level dossier's path: draft → submitted → appraised → approved, or rejected; and who appraises
// and approves at each level (Decree 331 Art 18, 20, 23, 24; Decree 85 Art 12).
import type { Level, Regime } from './level-criteria.js';

export type DossierStatus = 'draft' | 'submitted' | 'appraised' | 'approved' | 'rejected';
export const PENDING: readonly DossierStatus[] = ['draft', 'submitted', 'appraised'];

export const STEPS = {
  submit: { from: ['draft'], to: 'submitted' },
  appraise: { from: ['submitted'], to: 'appraised' },
  // legacy records are often approved with no appraisal on file: allowed, and flagged by LVL-05 for level ≥ 3
  approve: { from: ['submitted', 'appraised'], to: 'approved' },
  reject: { from: ['submitted', 'appraised'], to: 'rejected' },
} as const satisfies Record<string, { from: readonly DossierStatus[]; to: DossierStatus }>;

export type Step = keyof typeof STEPS;

export function canStep(status: DossierStatus, step: Step): boolean {
  return (STEPS[step].from as readonly DossierStatus[]).includes(status);
}

export function isPending(status: DossierStatus): boolean {
  return PENDING.includes(status);
}

/** i18n keys of who appraises and who approves a level, with the article. */
export function authorities(level: Level, regime: Regime): { appraiser: string; approver: string; article: string } {
  if (level <= 2) return { appraiser: 'authority.securityUnit', approver: 'authority.securityUnit', article: regime === 'nd331' ? 'NĐ 331 Đ18.1' : 'NĐ 85 Đ12.1' };
  if (level === 3) return { appraiser: 'authority.securityUnit', approver: 'authority.owner', article: regime === 'nd331' ? 'NĐ 331 Đ18.2' : 'NĐ 85 Đ12.2' };
  return {
    appraiser: regime === 'nd331' ? 'authority.bca' : 'authority.mic',
    approver: level === 5 ? 'authority.ownerPm' : 'authority.owner',
    article: regime === 'nd331' ? 'NĐ 331 Đ18.3' : 'NĐ 85 Đ12.3',
  };
}
