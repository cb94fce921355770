// Event notices: one call from the owning service, inside the transaction of its audit() call, writes one
// message per recipient into the outbox. Who receives what (README "Mail"):
// - a finding that is critical or high when recorded, or raised to it: the users of the system's owner
//   and of its security unit (those organisations exactly, not their parents or units);
// - a level dossier approved or rejected: the users of the system's owner and operator, and the user
//   who drew the dossier up;
// - an in-depth certificate revoked, or expiring within 30 days (from the daily job), of a person
//   assigned to a level 3–5 system: the users of each such system's owner and security unit;
// - an engagement that gives or takes an assessor's access: the company's auditor accounts that gain or
//   lose it (its own and its parents').
// Never the user who made the change, never twice to the same user for one event; auditors only hear
// about engagements (they see nothing else of a system they are not engaged on).
import type { AssessmentRow, FindingRow } from '../../db/schema/assessments.js';
import type { LevelDecisionRow } from '../../db/schema/level-decisions.js';
import type { CertificateRow, OperatorRow } from '../../db/schema/people.js';
import type { EngagementRow } from '../../db/schema/protection.js';
import type { SystemRow } from '../../db/schema/systems.js';
import { PEOPLE_RULES_CONFIG } from '../../domain/people.js';
import { formatDate } from '../../i18n/format.js';
import { translator, type Locale, type T } from '../../i18n/index.js';
import { selfAndAncestorIds, auditorReachWithout, type Actor } from '../access/index.js';
import type { Tx } from '../../db/client.js';
import type { MailPayload } from './mail-render.js';
import * as repo from './mail.repository.js';
import { enqueue, localeOf, type Recipient } from './outbox.service.js';

type Named = { nameVi: string; nameEn: string | null };
type SystemRef = Pick<SystemRow, 'id' | 'code' | 'nameVi' | 'nameEn' | 'ownerId' | 'securityUnitId'>;

const nameIn = (locale: Locale, o: Named) => (locale === 'en' && o.nameEn ? o.nameEn : o.nameVi);
const systemLabel = (locale: Locale, s: Pick<SystemRef, 'code'> & Named) => `${s.code} — ${nameIn(locale, s)}`;

/**
 * The province or ministry an organisation belongs to: the mail's sender display name speaks for it
 * (a system's owner's, or a digest reader's); none for an assessment company.
 */
export function senderOf(tx: Tx, organisationId: number, locale: Locale): string | null {
  const chain = selfAndAncestorIds(tx, organisationId);
  const root = repo.organisationNames(tx, [chain[chain.length - 1] ?? organisationId]).values().next().value;
  return root && root.kind === 'agency' ? nameIn(locale, root) : null;
}

function organisationName(tx: Tx, id: number | null, locale: Locale): string {
  if (id === null) return '';
  const o = repo.organisationNames(tx, [id]).get(id);
  return o ? nameIn(locale, o) : '';
}

/** Users of these organisations, auditors and the actor left out, each once. */
function peopleOf(tx: Tx, organisationIds: ReadonlyArray<number | null>, actor: Actor | null): Recipient[] {
  const ids = [...new Set(organisationIds.filter((i): i is number => i !== null))];
  return repo.activeUsersOf(tx, ids).filter((u) => u.role !== 'auditor' && u.id !== actor?.id);
}

function base(t: T, r: Recipient, sender: string | null): Pick<MailPayload, 'sender' | 'greeting' | 'facts' | 'sections'> {
  return { sender, greeting: t('mail.greeting', { name: r.fullName }), facts: [], sections: [] };
}

// ---- findings

const SEVERE = new Set(['critical', 'high']);

/**
 * A finding recorded critical or high, or raised to it (`before` is the row before an edit), and still
 * open: one notice to each user of the system's owner and security unit.
 */
export function findingRecorded(
  tx: Tx, actor: Actor, e: { system: SystemRef; assessment: AssessmentRow; finding: FindingRow; before?: Pick<FindingRow, 'severity'> | null },
): number {
  const { system, assessment, finding } = e;
  if (!SEVERE.has(finding.severity) || (e.before && SEVERE.has(e.before.severity))) return 0;
  // a finding recorded as already fixed or accepted (history being entered) needs no one's action
  if (finding.status === 'fixed' || finding.status === 'accepted') return 0;
  let n = 0;
  for (const r of peopleOf(tx, [system.ownerId, system.securityUnitId], actor)) {
    const locale = localeOf(r);
    const t = translator(locale);
    const severity = t(`mail.severity.${finding.severity}`);
    const sys = nameIn(locale, system);
    const facts: Array<[string, string]> = [
      [t('mail.fact.system'), systemLabel(locale, system)],
      [t('mail.fact.finding'), finding.title],
      [t('finding.severity'), t(`finding.severity.${finding.severity}`)],
      [t('mail.fact.due'), formatDate(finding.dueDate) || t('common.notSet')],
    ];
    if (finding.remediationPlan) facts.push([t('mail.fact.plan'), finding.remediationPlan]);
    facts.push([t('mail.fact.recordedBy'), actor.fullName]);
    const payload: MailPayload = {
      ...base(t, r, senderOf(tx, system.ownerId, locale)),
      heading: t('mail.finding.heading', { severity }),
      paragraphs: [
        t('mail.finding.body', {
          who: actor.fullName, severity, system: sys, assessor: organisationName(tx, assessment.assessorId, locale),
          date: formatDate(assessment.performedDate), due: formatDate(finding.dueDate) || t('common.notSet'),
        }),
      ],
      facts,
      link: { path: `/systems/${system.id}/assessments/${assessment.id}`, label: t('mail.finding.link') },
      reason: t('mail.finding.reason'),
    };
    if (enqueue(tx, { kind: 'finding', recipient: r, subject: t('mail.finding.subject', { severity, system: sys }), payload })) n += 1;
  }
  return n;
}

// ---- level dossiers

/** A dossier approved or rejected: the owner's and operator's users, and who drew it up. */
export function dossierDecided(tx: Tx, actor: Actor, e: { system: SystemRef & Pick<SystemRow, 'operatorId'>; decision: LevelDecisionRow }): number {
  const { system, decision: d } = e;
  if (d.dossierStatus !== 'approved' && d.dossierStatus !== 'rejected') return 0;
  const people = peopleOf(tx, [system.ownerId, system.operatorId], actor);
  const authorRows = d.createdBy !== null && d.createdBy !== actor.id && !people.some((p) => p.id === d.createdBy) ? authorOf(tx, d.createdBy) : [];
  let n = 0;
  for (const r of [...people, ...authorRows]) {
    const locale = localeOf(r);
    const t = translator(locale);
    const sys = nameIn(locale, system);
    const approved = d.dossierStatus === 'approved';
    const paragraphs = approved
      ? [t('mail.dossier.approvedBody', { level: d.proposedLevel, system: sys, body: d.approvingBody ?? '', number: d.approvalNumber ?? '', date: formatDate(d.approvalDate) })]
      : [t('mail.dossier.rejectedBody', { level: d.proposedLevel, system: sys, reason: d.rejectionReason ?? '' })];
    if (approved && !d.regulationNumber) paragraphs.push(t('mail.dossier.noRegulation'));
    const facts: Array<[string, string]> = [
      [t('mail.fact.system'), systemLabel(locale, system)],
      [t('mail.fact.level'), String(d.proposedLevel)],
      [t('dossier.status'), t(`dossier.${d.dossierStatus}`)],
    ];
    if (approved) facts.push([t('dossier.approvalNumber'), d.approvalNumber ?? ''], [t('dossier.approvalDate'), formatDate(d.approvalDate)]);
    else facts.push([t('mail.fact.reason'), d.rejectionReason ?? '']);
    facts.push([t('mail.fact.recordedBy'), actor.fullName]);
    const payload: MailPayload = {
      ...base(t, r, senderOf(tx, system.ownerId, locale)),
      heading: t(approved ? 'mail.dossier.approvedHeading' : 'mail.dossier.rejectedHeading'),
      paragraphs,
      facts,
      link: { path: `/systems/${system.id}/decisions/${d.id}`, label: t('mail.dossier.link') },
      reason: t('mail.dossier.reason'),
    };
    const subject = t(approved ? 'mail.dossier.approvedSubject' : 'mail.dossier.rejectedSubject', { system: sys, level: d.proposedLevel });
    if (enqueue(tx, { kind: 'dossier', recipient: r, subject, payload })) n += 1;
  }
  return n;
}

function authorOf(tx: Tx, userId: number): Recipient[] {
  return repo.activeUserById(tx, userId).filter((u) => u.role !== 'auditor');
}

// ---- certificates

/** The kinds that make a person "certified" (HR-01): only they are worth a notice. */
const WATCHED_KINDS = PEOPLE_RULES_CONFIG.hr01Kinds;

interface CertificateEvent {
  operator: Pick<OperatorRow, 'id' | 'fullName'>;
  certificate: Pick<CertificateRow, 'id' | 'kind' | 'name' | 'number' | 'expiryDate' | 'statusDate' | 'statusReason'>;
}

/** Each recipient once, with the affected systems they answer for. */
function certificateAudience(tx: Tx, systems: repo.RunSystem[], actor: Actor | null): Array<{ r: Recipient; systems: repo.RunSystem[] }> {
  const byUser = new Map<number, { r: Recipient; systems: repo.RunSystem[] }>();
  for (const s of systems) {
    for (const r of peopleOf(tx, [s.ownerId, s.securityUnitId], actor)) {
      const entry = byUser.get(r.id) ?? { r, systems: [] };
      entry.systems.push(s);
      byUser.set(r.id, entry);
    }
  }
  return [...byUser.values()];
}

function certificateNotice(
  tx: Tx, actor: Actor | null, e: CertificateEvent, systems: repo.RunSystem[], which: 'revoked' | 'expiring', today: string,
  dedupe?: (userId: number) => string,
): number {
  let n = 0;
  for (const { r, systems: own } of certificateAudience(tx, systems, actor)) {
    const locale = localeOf(r);
    const t = translator(locale);
    const c = e.certificate;
    const params = {
      person: e.operator.fullName, certificate: c.name, number: c.number, count: own.length,
      date: formatDate(which === 'revoked' ? (c.statusDate ?? today) : c.expiryDate), days: c.expiryDate ? daysFrom(today, c.expiryDate) : 0,
    };
    const facts: Array<[string, string]> = [
      [t('mail.fact.person'), e.operator.fullName],
      [t('mail.fact.certificate'), `${c.name} — ${c.number}`],
      [t(which === 'revoked' ? 'mail.fact.revokedOn' : 'mail.fact.expiresOn'), params.date],
    ];
    if (which === 'revoked' && c.statusReason) facts.push([t('mail.fact.reason'), c.statusReason]);
    facts.push([t('mail.fact.systems'), own.map((s) => `${systemLabel(locale, s)} (${t('mail.fact.levelN', { n: s.level })})`).join('; ')]);
    if (actor) facts.push([t('mail.fact.recordedBy'), actor.fullName]);
    const payload: MailPayload = {
      ...base(t, r, senderOf(tx, own[0]!.ownerId, locale)),
      heading: t(`mail.certificate.${which}Heading`),
      paragraphs: [t(`mail.certificate.${which}Body`, params)],
      facts,
      link: { path: `/operators/${e.operator.id}`, label: t('mail.certificate.link') },
      reason: t('mail.certificate.reason'),
    };
    const subject = t(`mail.certificate.${which}Subject`, params);
    if (enqueue(tx, { kind: 'certificate', recipient: r, subject, payload, ...(dedupe ? { dedupeKey: dedupe(r.id) } : {}) })) n += 1;
  }
  return n;
}

const daysFrom = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** A certificate that counts for HR-01 turned revoked while its holder runs level 3–5 systems. */
export function certificateRevoked(tx: Tx, actor: Actor, e: CertificateEvent & { before: Pick<CertificateRow, 'status'> }, today: string): number {
  if (e.before.status === 'revoked' || !WATCHED_KINDS.includes(e.certificate.kind)) return 0;
  const systems = repo.levelThreeUpSystemsOf(tx, e.operator.id, today);
  return systems.length ? certificateNotice(tx, actor, e, systems, 'revoked', today) : 0;
}

/** From the daily job: certificates expiring within 30 days, once per certificate, expiry date and recipient. */
export function certificatesExpiring(tx: Tx, today: string, days = 30): number {
  const to = new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  let n = 0;
  for (const c of repo.expiringCertificates(tx, WATCHED_KINDS, today, to)) {
    const systems = repo.levelThreeUpSystemsOf(tx, c.operatorId, today);
    if (!systems.length) continue;
    const e: CertificateEvent = {
      operator: { id: c.operatorId, fullName: c.fullName },
      certificate: { id: c.certificateId, kind: c.kind, name: c.name, number: c.number, expiryDate: c.expiryDate, statusDate: null, statusReason: null },
    };
    n += certificateNotice(tx, null, e, systems, 'expiring', today, (userId) => `certificate-expiring:${c.certificateId}:${c.expiryDate}:${userId}`);
  }
  return n;
}

// ---- engagements

/** An assessor engaged (access given) or the engagement revoked (access taken): the company's auditors. */
export function engagementChanged(
  tx: Tx, actor: Actor,
  e: { system: SystemRef; engagement: Pick<EngagementRow, 'id' | 'assessorId' | 'contractNumber' | 'startDate' | 'endDate' | 'revokedAt'>; change: 'granted' | 'revoked' },
): number {
  const { system, engagement: g } = e;
  // an auditor sees what is engaged with their organisation or a unit below it (access.service): the
  // assessor and its parents; one who keeps (or already had) access through another engagement hears nothing
  const keeps = auditorReachWithout(tx, system.id, g.id);
  const auditors = repo
    .activeUsersOf(tx, selfAndAncestorIds(tx, g.assessorId))
    .filter((u) => u.role === 'auditor' && u.id !== actor.id && !keeps.has(u.organisationId));
  let n = 0;
  for (const r of auditors) {
    const locale = localeOf(r);
    const t = translator(locale);
    const sys = nameIn(locale, system);
    const contract = g.contractNumber ? t('mail.engagement.contract', { number: g.contractNumber }) : '';
    const granted = e.change === 'granted';
    const facts: Array<[string, string]> = [
      [t('mail.fact.system'), systemLabel(locale, system)],
      [t('mail.fact.owner'), organisationName(tx, system.ownerId, locale)],
      [t('mail.fact.assessor'), organisationName(tx, g.assessorId, locale)],
    ];
    if (g.contractNumber) facts.push([t('mail.fact.contract'), g.contractNumber]);
    if (g.startDate || g.endDate) facts.push([t('mail.fact.period'), `${formatDate(g.startDate) || '…'} – ${formatDate(g.endDate) || '…'}`]);
    const payload: MailPayload = {
      ...base(t, r, senderOf(tx, system.ownerId, locale)),
      heading: t(granted ? 'mail.engagement.grantedHeading' : 'mail.engagement.revokedHeading'),
      paragraphs: [
        t(granted ? 'mail.engagement.grantedBody' : 'mail.engagement.revokedBody', {
          owner: organisationName(tx, system.ownerId, locale), assessor: organisationName(tx, g.assessorId, locale), system: sys, contract,
          date: formatDate(g.revokedAt),
        }),
      ],
      facts,
      // the link of a revoked engagement would only answer 404
      link: granted ? { path: `/systems/${system.id}`, label: t('mail.engagement.link') } : null,
      reason: t('mail.engagement.reason'),
    };
    const subject = t(granted ? 'mail.engagement.grantedSubject' : 'mail.engagement.revokedSubject', { system: sys });
    if (enqueue(tx, { kind: 'engagement', recipient: r, subject, payload })) n += 1;
  }
  return n;
}
