// The audit trail in words: an entry as people read it — what kind of record, what was done, and each
// changed field with its label and its values before → after, in the reader's language. Enum values
// become their labels, dates dd/mm/yyyy, ids the organisation's or system's name (a link when the reader
// may open it), the wizard's answers a short list of the criteria answered, a checklist's answers the
// items with their status. Pure: the names of the organisations and systems are looked up by the caller.
import type { AuditRow } from '../../db/schema/audit.js';
import { CATALOGUE_IDS, findGroup, findItem, type CatalogueId } from '../../domain/catalog/index.js';
import { DEFAULT_ANSWERS, type LevelAnswers } from '../../domain/level-criteria.js';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format.js';
import type { Locale, T } from '../../i18n/index.js';

/** A value as shown: its text, and where it leads when it names a record the reader may open. */
export interface Shown {
  text: string;
  href?: string;
}

/** One changed field (or one criterion of the wizard, one checklist item). `before` null: it had no value. */
export interface ChangeLine {
  label: string;
  before: Shown | null;
  after: Shown | null;
}

export interface EntryInWords {
  id: number;
  entityId: number | null;
  at: string;
  /** dd/mm/yyyy HH:mm, Vietnam time */
  when: string;
  actor: string | null;
  action: string;
  entity: string;
  /** the record the entry is about, when the reader may open it */
  entityHref?: string;
  summary: string | null;
  /** a record made: every field had no value before (the lines show the values set) */
  created: boolean;
  lines: ChangeLine[];
  /** the stored changes, as recorded (the CSV's machine column) */
  raw: AuditRow['changes'];
  ip: string | null;
  systemId: number | null;
}

/** An organisation or provider, or a system, as the trail names it. */
export interface NamedOrganisation { id: number; nameVi: string; nameEn: string | null; kind: string }
export interface NamedSystem { id: number; code: string; nameVi: string; nameEn: string | null }

export interface NameBook {
  organisation: (id: number) => NamedOrganisation | undefined;
  system: (id: number) => NamedSystem | undefined;
  /** whether the reader may open the page of this organisation / system */
  mayOpenOrganisation: (o: NamedOrganisation) => boolean;
  mayOpenSystem: (s: NamedSystem) => boolean;
}

type Kind =
  | 'text' | 'date' | 'time' | 'bool' | 'int' | 'year' | 'money' | 'level' | 'org' | 'system' | 'answers' | 'services' | 'hash' | 'locale'
  | { enum: string };

/** How each field reads, by name; the entries of BY_ENTITY win for the fields whose meaning depends on the record. */
const FIELDS: Record<string, Kind> = {
  ownerId: 'org', operatorId: 'org', securityUnitId: 'org', organisationId: 'org', parentId: 'org', providerId: 'org', assessorId: 'org',
  systemId: 'system',
  systemType: { enum: 'type.' }, prioritySector: { enum: 'sector.' }, lifecycleStatus: { enum: 'lifecycle.' }, hosting: { enum: 'hosting.' },
  separation: { enum: 'separation.' }, regime: { enum: 'level.regime.short.' }, dossierStatus: { enum: 'dossier.' },
  mode: { enum: 'prot.mode.' }, assessorKind: { enum: 'prot.assessorKind.' }, centre: { enum: 'prot.centre.' }, testBox: { enum: 'assessment.testBox.' },
  severity: { enum: 'finding.severity.' },
  computedLevel: 'level', proposedLevel: 'level',
  answers: 'answers', licensedServices: 'services', fileSha256: 'hash', locale: 'locale',
  stateFunded: 'bool', nationalSecurityImportant: 'bool', active: 'bool', mustChangePassword: 'bool',
  scopeCompliance: 'bool', scopeEffectiveness: 'bool', scopeScanning: 'bool', scopePentest: 'bool',
  digest: 'bool', finding: 'bool', dossier: 'bool', certificate: 'bool', engagement: 'bool',
  goLiveDate: 'date', decommissionedAt: 'date', submittedDate: 'date', appraisalDate: 'date', approvalDate: 'date', regulationDate: 'date',
  decisionDate: 'date', startDate: 'date', endDate: 'date', connectionDate: 'date', periodFrom: 'date', periodTo: 'date', plannedDate: 'date',
  performedDate: 'date', reportedDate: 'date', dueDate: 'date', closedDate: 'date', issueDate: 'date', expiryDate: 'date', statusDate: 'date',
  date: 'date', fromDate: 'date', toDate: 'date', internalDate: 'date', authorityDate: 'date', sentDate: 'date', licenceIssued: 'date',
  licenceExpires: 'date', voidedAt: 'date', focalPointNotified: 'date',
  revokedAt: 'time',
  year: 'year', hours: 'int', participants: 'int', attempts: 'int', itBudget: 'money', securitySpending: 'money',
};

const BY_ENTITY: Record<string, Record<string, Kind>> = {
  organisation: { kind: { enum: 'org.kind.' } },
  assessment: { kind: { enum: 'assessment.kind.' }, result: { enum: 'assessment.result.' } },
  finding: { status: { enum: 'finding.status.' } },
  certificate: { kind: { enum: 'op.kind.' }, status: { enum: 'op.status.' } },
  drill: { kind: { enum: 'ready.kind.' } },
  assignment: { role: { enum: 'op.role.' } },
  user: { role: { enum: 'role.' } },
  layer4: { status: { enum: 'prot.connection.' } },
  mail_outbox: { status: { enum: 'outbox.status.' } },
};

/** Field labels that depend on the record (the rest are `field.<name>`). */
const LABELS: Record<string, Record<string, string>> = {
  layer1: { securityUnitId: 'field.layer1.securityUnitId' },
  layer4: { status: 'field.layer4.status' },
  finding: { severity: 'field.severity' },
  mail_preferences: { digest: 'mail.kind.digest', finding: 'mail.kind.finding', dossier: 'mail.kind.dossier', certificate: 'mail.kind.certificate', engagement: 'mail.kind.engagement' },
};

/** The wizard's criteria and how each answer reads. */
const CRITERIA: Record<keyof LevelAnswers, Kind> = {
  systemType: { enum: 'type.' }, infoPublic: 'bool', infoPrivate: 'bool', infoPersonal: 'bool', stateSecret: { enum: 'level.secret.' },
  scope: { enum: 'level.scope.' }, conditionalBusinessLine: 'bool', handlesAdministrativeProcedures: 'bool', onlinePublicServiceLevel3: 'bool',
  basicPdSubjects: 'int', sensitivePdSubjects: 'int', users: 'int', nationalEGovernment: 'bool', needs24x7: 'bool',
  icsWorksGrade: { enum: 'level.ics.' }, nationalSecurityWorks: 'bool', centralNationalData: 'bool', internationalInfrastructure: 'bool',
  primeMinisterDecision: 'bool', nationalSecurityImportant: 'bool',
};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const REGIME_SUMMARY = /^(nd85|nd331) → ([1-5])$/;
const STATE_SUMMARY = /^([a-z_]+) → ([a-z_]+)$/;
const CHECKLIST_SUMMARY = /^(tcvn-\d+-\d+) · (crosswalk · )?(\d+)$/;

const upperFirst = (s: string) => (s ? s[0]!.toLocaleUpperCase('vi') + s.slice(1) : s);

export function entriesInWords(rows: readonly AuditRow[], t: T, locale: Locale, names: NameBook): EntryInWords[] {
  const nameOf = (x: { nameVi: string; nameEn: string | null }) => (locale === 'en' && x.nameEn ? x.nameEn : x.nameVi);
  const label = (key: string, fallback: string) => {
    const s = t(key);
    return s === key ? fallback : s;
  };

  function organisation(id: number): Shown {
    const o = names.organisation(id);
    if (!o) return { text: t('audit.gone.organisation', { id }) };
    const href = names.mayOpenOrganisation(o) ? (o.kind === 'provider' ? `/providers/${o.id}` : `/organisations/${o.id}`) : undefined;
    return { text: nameOf(o), ...(href ? { href } : {}) };
  }

  function system(id: number): Shown {
    const s = names.system(id);
    if (!s) return { text: t('audit.gone.system', { id }) };
    return { text: `${nameOf(s)} (${s.code})`, ...(names.mayOpenSystem(s) ? { href: `/systems/${s.id}` } : {}) };
  }

  function value(kind: Kind, v: unknown): Shown | null {
    if (v === null || v === undefined || v === '') return null;
    if (typeof kind === 'object') return { text: label(`${kind.enum}${String(v)}`, String(v)) };
    switch (kind) {
      case 'bool': return { text: t(v ? 'common.yes' : 'common.no') };
      case 'date': return { text: formatDate(String(v)) };
      case 'time': return { text: formatDateTime(String(v)) };
      case 'int': return { text: typeof v === 'number' ? formatNumber(v, locale) : String(v) };
      case 'money': return { text: typeof v === 'number' ? t('audit.vnd', { amount: formatNumber(v, locale) }) : String(v) };
      case 'year': return { text: String(v) };
      case 'level': return { text: t('audit.level', { n: String(v) }) };
      case 'org': return typeof v === 'number' ? organisation(v) : { text: String(v) };
      case 'system': return typeof v === 'number' ? system(v) : { text: String(v) };
      case 'services': return { text: (Array.isArray(v) ? v : [v]).map((s) => label(`prov.service.${String(s)}`, String(s))).join(', ') || t('common.none') };
      case 'hash': return { text: `${String(v).slice(0, 12)}…` };
      case 'locale': return { text: label(`audit.locale.${String(v)}`, String(v)) };
      default: return { text: typeof v === 'object' ? JSON.stringify(v) : String(v) };
    }
  }

  /** The wizard's answers: the criteria that differ (from the defaults, for a new proposal). */
  function answerLines(before: unknown, after: unknown): ChangeLine[] {
    const b = (before ?? null) as Partial<LevelAnswers> | null;
    const a = (after ?? null) as Partial<LevelAnswers> | null;
    const base = b ?? DEFAULT_ANSWERS;
    const lines: ChangeLine[] = [];
    for (const [key, kind] of Object.entries(CRITERIA) as Array<[keyof LevelAnswers, Kind]>) {
      const was = base[key];
      const now = a?.[key];
      if (JSON.stringify(was) === JSON.stringify(now)) continue;
      lines.push({ label: label(`level.q.${key}`, key), before: b ? value(kind, was) : null, after: value(kind, now) });
    }
    return lines;
  }

  /** A checklist entry: one line per item, its status (and note) before → after. */
  function checklistLines(e: AuditRow): ChangeLine[] {
    const catalogue = CHECKLIST_SUMMARY.exec(e.summary ?? '')?.[1] as CatalogueId | undefined;
    const answer = (x: unknown): Shown | null => {
      if (!x || typeof x !== 'object') return null;
      const { status, note } = x as { status?: string; note?: string | null };
      const text = label(`chk.status.${status ?? 'not_assessed'}`, String(status));
      return { text: note ? `${text} — ${note}` : text };
    };
    return Object.entries(e.changes ?? {}).map(([itemId, [before, after]]) => {
      const found = catalogue && (CATALOGUE_IDS as readonly string[]).includes(catalogue)
        ? findItem(catalogue, itemId) ?? findGroup(catalogue, itemId)
        : undefined;
      const title = found ? (locale === 'en' ? found.title_en : found.title_vi) : null;
      return { label: title ? `${itemId} — ${title}` : itemId, before: answer(before), after: answer(after) };
    });
  }

  function summaryOf(e: AuditRow): string | null {
    const s = e.summary;
    if (!s) return null;
    if (e.entityType === 'level_decision') {
      const regime = REGIME_SUMMARY.exec(s);
      if (regime) return `${label(`level.regime.short.${regime[1]}`, regime[1]!)} · ${t('audit.level', { n: regime[2]! })}`;
      const state = STATE_SUMMARY.exec(s);
      if (state) return `${label(`dossier.${state[1]}`, state[1]!)} → ${label(`dossier.${state[2]}`, state[2]!)}`;
    }
    if (e.entityType === 'checklist') {
      const m = CHECKLIST_SUMMARY.exec(s);
      if (m) {
        const catalogue = label(`chk.catalogueShort.${m[1]}`, m[1]!);
        return m[2] ? t('audit.checklist.carried', { catalogue, n: m[3]! }) : t('audit.checklist.answers', { catalogue, n: m[3]! });
      }
    }
    if (e.entityType === 'mail_outbox' && e.action === 'redact') {
      const m = /^(\d+) · (\d+)$/.exec(s);
      if (m) return t('audit.outbox.redacted', { n: m[1]!, days: m[2]! });
    }
    if (e.entityType === 'layer2') return label(`prot.mode.${s}`, s);
    if (e.entityType === 'layer4') return label(`prot.connection.${s}`, s);
    // "kind · assessor · date", "date · scenario": the parts that are values read as values
    return s
      .split(' · ')
      .map((part, i) => {
        if (ISO_DAY.test(part)) return formatDate(part);
        if (i === 0 && e.entityType === 'assessment') return label(`assessment.kind.${part}`, part);
        return part;
      })
      .join(' · ');
  }

  function entityHref(e: AuditRow): string | undefined {
    if (e.entityId === null) return undefined;
    const systemOk = () => {
      const s = e.systemId === null ? undefined : names.system(e.systemId);
      return !!s && names.mayOpenSystem(s);
    };
    switch (e.entityType) {
      case 'system': return systemOk() ? `/systems/${e.entityId}` : undefined;
      case 'level_decision': return systemOk() ? `/systems/${e.systemId}/decisions/${e.entityId}` : undefined;
      case 'assessment': return systemOk() ? `/systems/${e.systemId}/assessments/${e.entityId}` : undefined;
      case 'checklist': return systemOk() ? `/systems/${e.systemId}/checklist` : undefined;
      case 'layer1': case 'layer2': case 'engagement': case 'layer4': return systemOk() ? `/systems/${e.systemId}/protection` : undefined;
      case 'organisation': {
        const o = names.organisation(e.entityId);
        return o && names.mayOpenOrganisation(o) ? `/organisations/${o.id}` : undefined;
      }
      case 'provider': return `/providers/${e.entityId}`;
      default: return undefined;
    }
  }

  return rows.map((e) => {
    const changes = e.changes ?? {};
    let lines: ChangeLine[];
    if (e.entityType === 'checklist') lines = checklistLines(e);
    else {
      lines = Object.entries(changes).flatMap(([field, [before, after]]) => {
        const kind = BY_ENTITY[e.entityType]?.[field] ?? FIELDS[field] ?? 'text';
        if (kind === 'answers') return answerLines(before, after);
        const key = LABELS[e.entityType]?.[field] ?? `field.${field}`;
        return [{ label: upperFirst(label(key, field)), before: value(kind, before), after: value(kind, after) }];
      });
    }
    return {
      id: e.id,
      entityId: e.entityId,
      at: e.at,
      when: formatDateTime(e.at),
      actor: e.actorName,
      action: label(`audit.action.${e.action}`, e.action),
      entity: label(`audit.entity.${e.entityType}`, e.entityType),
      entityHref: entityHref(e),
      summary: summaryOf(e),
      created: lines.length > 0 && lines.every((l) => l.before === null),
      lines,
      raw: e.changes,
      ip: e.ip,
      systemId: e.systemId,
    };
  });
}

/** The lines as one line of text ("Field: before → after; …"), for the CSV and the spreadsheet. */
export function linesAsText(e: EntryInWords, t: T): string {
  const text = (s: Shown | null) => s?.text ?? t('audit.emptyValue');
  return e.lines.map((l) => (e.created ? `${l.label}: ${text(l.after)}` : `${l.label}: ${text(l.before)} → ${text(l.after)}`)).join('; ');
}

/** The organisation and system ids an entry names (its fields), to look their names up at once. */
export function namedIds(rows: readonly AuditRow[]): { organisations: Set<number>; systems: Set<number> } {
  const organisations = new Set<number>();
  const systems = new Set<number>();
  for (const e of rows) {
    if (e.systemId !== null) systems.add(e.systemId);
    if (e.entityType === 'organisation' && e.entityId !== null) organisations.add(e.entityId);
    for (const [field, pair] of Object.entries(e.changes ?? {})) {
      const kind = BY_ENTITY[e.entityType]?.[field] ?? FIELDS[field];
      for (const v of pair) {
        if (typeof v !== 'number') continue;
        if (kind === 'org') organisations.add(v);
        if (kind === 'system') systems.add(v);
      }
    }
  }
  return { organisations, systems };
}
