// The deadlines the papers and registers print, read from the one evaluation's rule results (never
// recomputed): the transition deadline of Law 116/2025 Art 45.1 and Decree 331/2026 Art 39.1 (LVL-06)
// and the next periodic assessment (ASM-01 for levels 3–4, ASM-02 for level 5).
import type { RuleResult } from '../../domain/rules/index.js';

/** LVL-06 when it holds the system to a date: 1 Jan 2027 (approve under Decree 85) or 1 Jul 2027 (meet Decree 331). */
export function transitionDeadline(results: readonly RuleResult[]): RuleResult | null {
  const r = results.find((x) => x.rule === 'LVL-06');
  return r && r.state !== 'n/a' && r.dueDate ? r : null;
}

/** ASM-01 or ASM-02 when the system owes periodic assessments: its due date (or the day it was missed). */
export function nextAssessment(results: readonly RuleResult[]): RuleResult | null {
  return results.find((x) => (x.rule === 'ASM-01' || x.rule === 'ASM-02') && x.state !== 'n/a') ?? null;
}
