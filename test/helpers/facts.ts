// Building blocks of the rule engine's facts for tests: organisations with their place in the tree,
// performed assessments, and a compliant level 3 system (Decree 331) and organisation to vary.
import type { LevelAnswers } from '../../src/domain/level-criteria.js';
import type { PersonFacts } from '../../src/domain/people.js';
import { ancestorChain } from '../../src/domain/protection.js';
import type { AssessmentFacts, DecisionFacts, OrganisationFacts, OrgFacts, SystemFacts } from '../../src/domain/rules/index.js';

/** An organisation; `ancestors` default to its parent alone (pass the whole chain for deeper trees). */
export function org(id: number, parentId: number | null = null, kind: 'agency' | 'provider' = 'agency', ancestors?: number[], over: Partial<OrgFacts> = {}): OrgFacts {
  return { id, parentId, kind, nameVi: `Tổ chức ${id}`, nameEn: null, licenceExpires: null, ancestors: ancestors ?? (parentId === null ? [] : [parentId]), ...over };
}

/** Assessments performed on `dates` by `assessor`. */
export function done(dates: readonly string[], assessor: OrgFacts): AssessmentFacts[] {
  return dates.map((performedDate, i) => ({ id: i + 1, performedDate, reportedDate: null, assessor }));
}

// ---- a tree of organisations for the independence checks (docs/rules.md §5 (only independent assessments count)) ----

/**
 * Parent links. Agencies: the province 1 → the owner 10 → its units 11 (the operator), 12, and 14 under 11;
 * 50 outside the owner's tree. Providers: a holding 100 → its subsidiaries 101 (A) and 102 (B) → 103 (A's
 * subsidiary, a grand-subsidiary of the holding) and 104 (B's, 103's cousin); an independent company
 * 200 → 201; and bad data: 300 and 301 recorded as each other's parent, 302 under 300, 303 its own parent.
 */
export const TREE: ReadonlyMap<number, number | null> = new Map([
  [1, null], [10, 1], [11, 10], [12, 10], [14, 11], [50, null],
  [100, null], [101, 100], [102, 100], [103, 101], [104, 102], [200, null], [201, 200],
  [300, 301], [301, 300], [302, 300], [303, 303],
]);
export const TREE_PROVIDERS: readonly number[] = [100, 101, 102, 103, 104, 200, 201, 300, 301, 302, 303];

/** An organisation of TREE, its ancestors found the way the facts loader finds them (ancestorChain). */
export function treeOrg(id: number): OrgFacts {
  if (!TREE.has(id)) throw new Error(`organisation ${id} is not in the test tree`);
  return org(id, TREE.get(id)!, TREE_PROVIDERS.includes(id) ? 'provider' : 'agency', ancestorChain(id, (x) => TREE.get(x)));
}

// ---- a compliant level 3 system (nd331), live since 2024 and assessed every year, and an organisation (as of 24 Nov 2026) ----

export const answers3: Partial<LevelAnswers> = { systemType: 'public_service', infoPersonal: true, handlesAdministrativeProcedures: true, basicPdSubjects: 5_000 };

export function decision(over: Partial<DecisionFacts> = {}): DecisionFacts {
  return {
    id: 1, regime: 'nd331', answers: answers3, proposedLevel: 3, dossierStatus: 'approved',
    appraisalBody: 'Sở Khoa học và Công nghệ', appraisalDate: '2024-01-10', approvalDate: '2024-01-20',
    regulationNumber: '12/QĐ-UBND', regulationDate: '2024-01-15', ...over,
  };
}

export function person(over: Partial<PersonFacts> = {}): PersonFacts {
  return {
    operatorId: 1, fullName: 'Nguyễn Văn An',
    assignment: { role: 'administrator', fromDate: '2024-02-01', toDate: null },
    certificates: [{ kind: 'national_in_depth', status: 'valid', issueDate: '2024-01-01', expiryDate: '2028-01-01', statusDate: null }],
    updates: [{ date: '2026-06-01' }],
    ...over,
  };
}

export const MONITOR = org(20, null, 'provider');
export const ASSESSOR = org(30, null, 'provider');

export function system(over: Partial<SystemFacts> = {}): SystemFacts {
  return {
    id: 1, code: 'HT-01', nameVi: 'Cổng dịch vụ công', nameEn: null, ownerId: 10, operatorId: 11,
    lifecycleStatus: 'in_operation', goLiveDate: '2024-03-01', decommissionedAt: null, stateFunded: true, nationalSecurityImportant: false,
    domesticProductsNote: 'Tường lửa và SOC của doanh nghiệp trong nước.',
    securityUnitId: 12,
    operator: org(11, 10, 'agency', [10], { nameVi: 'Trung tâm Chuyển đổi số' }),
    owner: org(10),
    decisions: [decision()],
    layer1: [{ id: 1, securityUnitId: 12, decisionNumber: '05/QĐ-STTTT', decisionDate: '2024-01-05' }],
    layer2: [{ id: 1, mode: 'provider', providerId: 20, provider: MONITOR, contractNumber: 'HĐ-01', startDate: '2024-02-01', endDate: '2027-06-30', recordedOn: '2024-02-01' }],
    layer3: [{ id: 1, assessorKind: 'provider', assessorId: 30, assessor: ASSESSOR, contractNumber: 'HĐ-02', startDate: '2024-02-15', endDate: '2027-06-30', revokedAt: null, recordedOn: '2024-02-15' }],
    layer4: [{ id: 1, status: 'connected', connectionDate: '2024-02-20' }],
    assessments: done(['2025-05-10', '2026-05-10'], ASSESSOR),
    findings: [],
    people: [person()],
    drills: ['2026-06-01'],
    budgets: [{ year: 2026, itBudget: 1_000_000_000, securitySpending: 100_000_000 }],
    notices: [],
    checklist: { applicable: 10, met: 10, partlyMet: 0, notMet: 0, notApplicable: 0, notAssessed: 0, percentMet: 100 },
    ...over,
  };
}

/** A system approved at `level` (answers that imply exactly that level's criteria are not needed here). */
export const atLevel = (level: number, over: Partial<DecisionFacts> = {}) => ({ decisions: [decision({ proposedLevel: level, answers: {}, ...over })] });

export function organisation(over: Partial<OrganisationFacts> = {}): OrganisationFacts {
  return {
    id: 10, code: 'SO-A', nameVi: 'Sở Khoa học và Công nghệ', nameEn: null, systemCount: 2,
    drills: ['2026-06-01'],
    budgets: [{ year: 2026, itBudget: 1_000, securitySpending: 100 }],
    annualReports: [{ year: 2025, internalDate: '2025-12-18', authorityDate: '2025-12-22' }],
    ...over,
  };
}
