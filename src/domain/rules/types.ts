// The shapes of the rule pack: what a rule is (RuleDef), what it says about one system or organisation
// as of a date (RuleResult), the facts it reads (SystemFacts, OrganisationFacts) and the knobs (EngineConfig).
// Pure types: no I/O, no clock.
import type { CadenceConfig, RuleState } from '../cadence.js';
import type { ChecklistStats } from '../catalog/index.js';
import type { EvidencedItem, EvidenceRef } from '../evidence.js';
import type { LevelAnswers, Regime } from '../level-criteria.js';
import type { PersonFacts } from '../people.js';
import type { Layer1, Layer2, Layer3, Layer4, OrgRef } from '../protection.js';
import type { BudgetFigures } from '../readiness.js';
import { SEVERITIES, type Severity } from '../severity.js';

export type { RuleState, Regime };

export const RULE_IDS = [
  'LVL-01', 'LVL-02', 'LVL-03', 'LVL-04', 'LVL-05', 'LVL-06', 'LVL-07',
  'L4-1', 'L4-2', 'L4-3', 'L4-4',
  'ASM-01', 'ASM-02', 'ASM-03', 'ASM-04', 'ASM-05', 'ASM-06',
  'HR-01', 'HR-02', 'HR-03',
  'DRL-01', 'BUD-01', 'REP-01', 'CHK-01', 'PLN-01',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const RULE_STATES = ['ok', 'due_soon', 'gap', 'n/a'] as const satisfies readonly RuleState[];
export { SEVERITIES, type Severity };

/** The page where a result is fixed. */
export type Fix = 'level' | 'protection' | 'assessments' | 'operators' | 'readiness' | 'checklist' | 'system' | 'organisation';

export type Params = Record<string, string | number>;

/** One rule about one system or organisation as of a date. Read-only: identical results are shared between systems. */
export interface RuleResult {
  rule: RuleId;
  state: RuleState;
  /** set when the state is gap or due_soon, else null */
  severity: Severity | null;
  /** ISO yyyy-mm-dd: the deadline (due_soon, ok) or the day it was missed (gap), when there is one */
  dueDate: string | null;
  /** the legal source, in Vietnamese: document and article */
  citation: string;
  /** i18n key: rule.<ID>.msg.<case>, or rule.na.<why> for the engine's own n/a */
  messageKey: string;
  /** for the message: dates as ISO yyyy-mm-dd (shown dd/mm/yyyy by t()), counts as numbers */
  params?: Params;
  fix: Fix;
}

// ---- facts ----

/** A level decision as the rules read it (every status; the newest is the current proposal). */
export interface DecisionFacts {
  id: number;
  regime: Regime;
  /** the wizard's answers as stored (JSON); missing fields take DEFAULT_ANSWERS */
  answers: Partial<LevelAnswers> | null;
  proposedLevel: number;
  dossierStatus: 'draft' | 'submitted' | 'appraised' | 'approved' | 'rejected';
  appraisalBody: string | null;
  appraisalDate: string | null;
  approvalDate: string | null;
  regulationNumber: string | null;
  regulationDate: string | null;
}

/** An organisation as the independence checks, LVL-05 and the due list need it. */
export interface OrgFacts extends OrgRef {
  nameVi: string;
  nameEn: string | null;
  /** a provider's licence end (the due list warns before it lapses); null for agencies or open-ended */
  licenceExpires: string | null;
}

export interface Layer1Facts extends Layer1 {
  id: number;
  /** evidence attached to this record (src/domain/evidence.ts); absent: none */
  evidence?: readonly EvidenceRef[];
}

export interface Layer2Facts extends Layer2 {
  id: number;
  provider: OrgFacts | null;
  /** the day the row was recorded: the evidence date of self-monitoring (LVL-02) */
  recordedOn: string;
  evidence?: readonly EvidenceRef[];
}

export interface Layer3Facts extends Layer3 {
  id: number;
  assessor: OrgFacts;
  revokedAt: string | null;
  /** the day the row was recorded: the evidence date of an in-house assessor without a start date (LVL-02) */
  recordedOn: string;
  evidence?: readonly EvidenceRef[];
}

export interface Layer4Facts extends Layer4 {
  id: number;
  evidence?: readonly EvidenceRef[];
}

export interface FindingFacts {
  id: number;
  title: string;
  severity: Severity;
  status: 'open' | 'in_progress' | 'fixed' | 'accepted';
  dueDate: string | null;
  closedDate: string | null;
  /** the proof of the fix (src/domain/evidence.ts); absent: none */
  evidence?: readonly EvidenceRef[];
}

export type { ChecklistStats, EvidencedItem, EvidenceRef };

/** A performed assessment: when, by whom, and when its result reached the authority. */
export interface AssessmentFacts {
  id: number;
  performedDate: string;
  /** the result reported to the authority on this day; null when not (yet) */
  reportedDate: string | null;
  assessor: OrgFacts;
}

export interface SystemFacts {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  ownerId: number;
  operatorId: number;
  securityUnitId: number | null;
  lifecycleStatus: 'planned' | 'under_construction' | 'in_operation' | 'decommissioned';
  goLiveDate: string | null;
  decommissionedAt: string | null;
  stateFunded: boolean;
  nationalSecurityImportant: boolean;
  domesticProductsNote: string | null;
  operator: OrgFacts;
  owner: OrgFacts;
  /** any order */
  decisions: DecisionFacts[];
  /** any order; the newest (highest id) is the one in force */
  layer1: Layer1Facts[];
  layer2: Layer2Facts[];
  layer3: Layer3Facts[];
  layer4: Layer4Facts[];
  /** the system's performed assessments, any order (independent or not: the engine judges each on its day) */
  assessments: AssessmentFacts[];
  findings: FindingFacts[];
  /** one entry per assignment to this system */
  people: PersonFacts[];
  /** dates of the system's own drills */
  drills: string[];
  /** the system's (project's) own budget figures */
  budgets: BudgetFigures[];
  /** yearly self-inspection notices to BCA (LVL-07) */
  notices: { year: number; sentDate: string }[];
  /** CHK-01: the baseline checklist of the level in force as of the evaluation date; null without one */
  checklist: ChecklistStats | null;
  /** the evidence behind claims that are not records of their own (absent: none) */
  evidence?: {
    /** CHK-01: the items of `checklist` answered met that have evidence attached */
    checklist: readonly EvidencedItem[];
  };
}

export interface OrganisationFacts {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  /** systems it owns or operates (REP-01 concerns only those with one) */
  systemCount: number;
  /** every drill of the organisation, its own and its systems' */
  drills: string[];
  /** the organisation's own figures (not its systems') */
  budgets: BudgetFigures[];
  annualReports: { year: number; internalDate: string | null; authorityDate: string | null }[];
}

// ---- configuration ----

export interface EngineConfig {
  /** the ct14 policy overlay (Directive 14, Decisions 964 and 515): off → its rules are n/a */
  ct14: boolean;
  /** due_soon from this many days before a deadline (cadence, contracts, findings, drills, knowledge updates) */
  dueSoonDays: number;
  /** LVL-06: due_soon from this many days before a transition deadline (1 Jan 2027, 1 Jul 2027) */
  transitionWindowDays: number;
  /** LVL-07: due_soon from this many days before 1 Oct */
  noticeWindowDays: number;
  /** ASM-01/02 cycles and levels; its own dueSoonDays is replaced by the one above */
  cadence: CadenceConfig;
}

// ---- rule definitions ----

/** What a rule's evaluate function returns; the engine adds id, citation, fix and the i18n key. */
export interface Outcome {
  state: RuleState;
  /** the message case: rule.<ID>.msg.<msg> */
  msg: string;
  /** overrides the rule's severity (gap, due_soon) */
  severity?: Severity;
  dueDate?: string | null;
  params?: Params;
}

export type Level = 1 | 2 | 3 | 4 | 5;

export interface RuleDef<S, O> {
  id: RuleId;
  /** i18n keys: rule.<ID>.title */
  titleKey: string;
  /** whether it is part of the ct14 policy overlay (n/a when switched off) or of the law and decrees */
  basis: 'decree' | 'ct14';
  /** the approved levels it applies to ('all' includes systems without an approved level) */
  levels: readonly Level[] | 'all';
  /** judged from the system's history (docs/rules.md §5, the timeline): a past level still answers for its cycles, so the
   *  engine does not rule the rule out by today's level; the rule says n/a itself */
  judgedOnHistory?: true;
  /** the regimes of the approved decision it applies to (a system without one is never excluded here) */
  regimes: readonly Regime[];
  /** the severity of a gap unless the evaluation says otherwise */
  severity: Severity;
  citation: string;
  fix: Fix;
  /** every message case its functions return (i18n rule.<ID>.msg.<case>); the dictionary holds each */
  messages: readonly string[];
  system?: (s: S) => Outcome;
  organisation?: (o: O) => Outcome;
}
