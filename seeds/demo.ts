// Loads the demo data of seeds/demo-data.ts into an empty database: organisations, systems, level
// decisions (computedLevel from determineMinimumLevel, never from the data) and the demo users; then the
// protection data of seeds/demo-protection.ts (the four layers, assessments, findings) and the people data
// of seeds/demo-people.ts (operators, certificates, knowledge updates, drills, budgets), and the systems on
// their way to Decree 331 of seeds/demo-transition.ts, and the mail choices and outbox history of
// seeds/demo-mail.ts, and the evidence library of seeds/demo-evidence.ts.
import type { Db } from '../src/db/client.js';
import type { DemoSeeds } from '../src/demo-seeds.js';
import { levelDecisions, organisations, systems, users } from '../src/db/schema/index.js';
import { searchTextFor } from '../src/db/search-text.js';
import { DEMO_MARKER_CODE as MARKER } from '../src/demo-marker.js';
import { determineMinimumLevel, type Level } from '../src/domain/level-criteria.js';
import { hashPassword } from '../src/modules/users/password.js';
import { reconcileLevelsInForce } from '../src/modules/levels/levels.service.js';
import {
  DEMO_ORGANISATIONS,
  DEMO_PASSWORD,
  DEMO_SYSTEMS,
  DEMO_USERS,
  MINISTRY_ROOT_CODE,
  type DemoDecision,
  type DemoSystem,
} from './demo-data.js';
import { seedCompliance } from './demo-compliance.js';
import { seedSecurity, type SecuritySeedCounts } from './demo-security.js';
import { seedEvidence, type EvidenceSeedCounts } from './demo-evidence.js';
import { seedMail, type MailSeedCounts } from './demo-mail.js';
import { seedPeople, type PeopleSeedCounts } from './demo-people.js';
import { seedProtection, type ProtectionSeedCounts } from './demo-protection.js';
import { seedTransition, TRANSITION_SYSTEMS, type TransitionSeedCounts } from './demo-transition.js';

/** Code of the demo province's root organisation: its presence means the demo data is loaded. */
export const DEMO_MARKER_CODE: string = MARKER;

export { DEMO_PASSWORD };

export interface DemoSeedCounts extends ProtectionSeedCounts, PeopleSeedCounts, TransitionSeedCounts, MailSeedCounts, SecuritySeedCounts, EvidenceSeedCounts {
  organisations: number;
  systems: number;
  decisions: number;
  users: number;
}

/** True when the database holds no organisation at all (a fresh install). */
export function isDatabaseEmpty(db: Db): boolean {
  return db.select({ id: organisations.id }).from(organisations).limit(1).get() === undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const PARENT = new Map(DEMO_ORGANISATIONS.map((o) => [o.code, o.parentCode]));

/** The code of an organisation's root (the province, the ministry or a provider group). */
function rootOf(code: string): string {
  let current = code;
  for (let parent = PARENT.get(current); parent; parent = PARENT.get(current)) current = parent;
  return current;
}

/** A yyyy-mm-dd date as the timestamp the app stores (09:00 in Vietnam). */
const stamp = (date: string): string => `${date}T02:00:00.000Z`;

interface PreparedDecision {
  data: DemoDecision;
  computedLevel: Level;
  proposedLevel: Level;
  createdAt: string;
  updatedAt: string;
}

function fail(where: string, message: string): never {
  throw new Error(`demo data, ${where}: ${message}`);
}

/** Computes the levels and checks the data's internal consistency before anything is written. */
function prepareDecision(system: DemoSystem, d: DemoDecision, index: number): PreparedDecision {
  const where = `${system.code} decision ${index + 1}`;
  const computedLevel = d.computedLevel ?? determineMinimumLevel(d.regime, d.answers).minimumLevel;
  const proposedLevel = d.proposedLevel ?? computedLevel;
  if (proposedLevel < computedLevel) fail(where, `proposed level ${proposedLevel} below computed ${computedLevel}`);
  if (proposedLevel > computedLevel && !d.proposalReason) fail(where, 'a raised level needs a proposalReason');
  if (proposedLevel === computedLevel && d.proposalReason) fail(where, 'proposalReason without a raised level');

  const ordered: Array<[string, string | undefined]> = [
    ['draftedOn', d.draftedOn],
    ['submittedDate', d.submittedDate],
    ['appraisalDate', d.appraisalDate],
    ['approvalDate', d.approvalDate],
  ];
  let previous = '';
  for (const [name, value] of ordered) {
    if (value === undefined) continue;
    if (!ISO_DATE.test(value)) fail(where, `${name} is not yyyy-mm-dd: ${value}`);
    if (value < previous) fail(where, `${name} ${value} is before an earlier step (${previous})`);
    previous = value;
  }
  if (d.regulationDate !== undefined && !ISO_DATE.test(d.regulationDate)) fail(where, 'regulationDate is not yyyy-mm-dd');

  const has = (v: string | undefined): boolean => v !== undefined && v !== '';
  switch (d.dossierStatus) {
    case 'draft':
      if (has(d.submittedDate)) fail(where, 'a draft has no submittedDate');
      break;
    case 'submitted':
      if (!has(d.submittedDate) || has(d.appraisalDate) || has(d.approvalDate)) fail(where, 'submitted: only submittedDate');
      break;
    case 'appraised':
      if (!has(d.appraisalDate) || !has(d.appraisalBody) || has(d.approvalDate)) fail(where, 'appraised: appraisal, no approval');
      break;
    case 'approved':
      if (!has(d.approvalNumber) || !has(d.approvalDate) || !has(d.approvingBody)) fail(where, 'approved: approval fields');
      break;
    case 'rejected':
      if (!has(d.rejectionReason)) fail(where, 'rejected: rejectionReason');
      break;
  }
  const dates = [d.draftedOn, d.submittedDate, d.appraisalDate, d.approvalDate, d.regulationDate].filter(
    (v): v is string => v !== undefined,
  );
  const last = dates.reduce((a, b) => (b > a ? b : a));
  return { data: d, computedLevel, proposedLevel, createdAt: stamp(d.draftedOn), updatedAt: stamp(last) };
}

/**
 * Inserts the demo organisations, systems, level decisions and users into an EMPTY database, in one
 * transaction. Every demo user's password is DEMO_PASSWORD.
 */
export async function seedDemo(db: Db): Promise<DemoSeedCounts> {
  if (!isDatabaseEmpty(db)) throw new Error('seedDemo: the database already holds organisations; demo data only goes into an empty database');

  // Everything that can fail or is async happens before the transaction.
  // the systems on their way to Decree 331 (seeds/demo-transition.ts) are inserted with the others
  const prepared = [...DEMO_SYSTEMS, ...TRANSITION_SYSTEMS].map((s) => ({ system: s, decisions: s.decisions.map((d, i) => prepareDecision(s, d, i)) }));
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));

  return db.transaction((tx) => {
    const orgId = new Map<string, number>();
    const idOf = (code: string, where: string): number => orgId.get(code) ?? fail(where, `unknown organisation ${code}`);

    for (const o of DEMO_ORGANISATIONS) {
      const row = tx
        .insert(organisations)
        .values({
          code: o.code,
          nameVi: o.nameVi,
          nameEn: o.nameEn,
          kind: o.kind,
          parentId: o.parentCode === null ? null : idOf(o.parentCode, o.code),
          contactName: o.contactName,
          contactEmail: o.contactEmail,
          contactPhone: o.contactPhone,
          address: o.address,
          searchText: searchTextFor(o),
        })
        .returning({ id: organisations.id })
        .get();
      orgId.set(o.code, row.id);
    }

    const userId = new Map<string, number>();
    DEMO_USERS.forEach((u, i) => {
      const row = tx
        .insert(users)
        .values({
          username: u.username,
          fullName: u.fullName,
          email: u.email,
          role: u.role,
          organisationId: idOf(u.organisationCode, u.username),
          passwordHash: hashes[i] ?? fail(u.username, 'missing password hash'),
          mustChangePassword: false,
          active: true,
        })
        .returning({ id: users.id })
        .get();
      userId.set(u.username, row.id);
    });

    const systemId = new Map<string, number>();
    let decisionCount = 0;
    for (const { system: s, decisions } of prepared) {
      const row = tx
        .insert(systems)
        .values({
          code: s.code,
          nameVi: s.nameVi,
          nameEn: s.nameEn,
          description: s.description,
          ownerId: idOf(s.ownerCode, s.code),
          operatorId: idOf(s.operatorCode, s.code),
          securityUnitId: idOf(s.securityUnitCode, s.code),
          systemType: s.systemType,
          prioritySector: s.prioritySector,
          lifecycleStatus: s.lifecycleStatus,
          goLiveDate: s.goLiveDate,
          hosting: s.hosting,
          separation: s.separation,
          stateFunded: s.stateFunded,
          nationalSecurityImportant: s.nationalSecurityImportant,
          notes: s.notes ?? null,
          decommissionedAt: s.decommissionedAt ?? null,
          searchText: searchTextFor(s),
        })
        .returning({ id: systems.id })
        .get();
      systemId.set(s.code, row.id);

      // Decisions are entered by the admin of the system's side (ministry or province).
      const author = userId.get(rootOf(s.ownerCode) === MINISTRY_ROOT_CODE ? 'admin.bo' : 'admin') ?? null;
      for (const p of decisions) {
        const d = p.data;
        tx.insert(levelDecisions)
          .values({
            systemId: row.id,
            regime: d.regime,
            answers: d.answers,
            computedLevel: p.computedLevel,
            proposedLevel: p.proposedLevel,
            proposalReason: d.proposalReason ?? null,
            dossierStatus: d.dossierStatus,
            submittedDate: d.submittedDate ?? null,
            appraisalBody: d.appraisalBody ?? null,
            appraisalDate: d.appraisalDate ?? null,
            appraisalRef: d.appraisalRef ?? null,
            approvalNumber: d.approvalNumber ?? null,
            approvalDate: d.approvalDate ?? null,
            approvingBody: d.approvingBody ?? null,
            regulationNumber: d.regulationNumber ?? null,
            regulationDate: d.regulationDate ?? null,
            rejectionReason: d.rejectionReason ?? null,
            createdBy: author,
            createdAt: p.createdAt,
            updatedAt: p.updatedAt,
          })
          .run();
        decisionCount += 1;
      }
    }

    const ids = { organisations: orgId, systems: systemId, users: userId };
    // the level column the lists filter on, from the timeline, before the data that reads levels
    reconcileLevelsInForce(tx as unknown as Db);
    const protection = seedProtection(tx, ids);
    const people = seedPeople(tx, ids);
    const compliance = seedCompliance(tx, ids);
    const transition = seedTransition(tx, ids, { protection, people });
    const mail = seedMail(tx, ids);
    const security = seedSecurity(tx, ids);
    const evidence = seedEvidence(tx, ids);

    return {
      organisations: DEMO_ORGANISATIONS.length,
      systems: prepared.length,
      decisions: decisionCount,
      users: DEMO_USERS.length,
      ...protection,
      ...people,
      ...compliance,
      ...transition,
      ...mail,
      ...security,
      ...evidence,
    };
  });
}

// src/demo-seeds.ts imports this module by a path the compiler does not follow: this keeps the two in step
const _asTheServerLoadsIt: DemoSeeds = { isDatabaseEmpty, seedDemo };
