// Building blocks of the rule engine's facts for tests: organisations with their place in the tree, and
// performed assessments.
import type { AssessmentFacts, OrgFacts } from '../../src/domain/rules/index.js';

/** An organisation; `ancestors` default to its parent alone (pass the whole chain for deeper trees). */
export function org(id: number, parentId: number | null = null, kind: 'agency' | 'provider' = 'agency', ancestors?: number[], over: Partial<OrgFacts> = {}): OrgFacts {
  return { id, parentId, kind, nameVi: `Tổ chức ${id}`, nameEn: null, licenceExpires: null, ancestors: ancestors ?? (parentId === null ? [] : [parentId]), ...over };
}

/** Assessments performed on `dates` by `assessor`. */
export function done(dates: readonly string[], assessor: OrgFacts): AssessmentFacts[] {
  return dates.map((performedDate, i) => ({ id: i + 1, performedDate, reportedDate: null, assessor }));
}
