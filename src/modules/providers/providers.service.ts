// The directory of providers: monitoring (SOC) and assessment companies, with their licences and group
// (a provider's parent is its group company: subsidiaries of one group are not independent).
// Everyone reads the whole directory; a record is kept by the organisation whose admin created it
// (`managedBy`): only admins with that organisation in their subtree edit it. Its changes are filed under
// that organisation and shown to every organisation whose systems use the provider (audit module).
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Organisation } from '../../db/schema/organisations.js';
import { engagements, layer2Monitoring } from '../../db/schema/protection.js';
import { systems } from '../../db/schema/systems.js';
import { searchTextFor } from '../../db/search-text.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { can } from '../../domain/permissions.js';
import { todayIso } from '../../i18n/format.js';
import { addDays } from '../../domain/cadence.js';
import { assertCan, type Actor, visibility, visibleCondition, subtreeIds } from '../access/index.js';
import { audit, diff, inWords, providerHistory, updateAudited } from '../audit/audit.service.js';
import type { Locale, T } from '../../i18n/index.js';
import * as orgs from '../organisations/organisations.service.js';
import type { ProviderInput } from './providers.schemas.js';

const AUDITED = ['code', 'nameVi', 'nameEn', 'taxCode', 'licensedServices', 'licenceNumber', 'licenceIssued', 'licenceExpires', 'parentId', 'contactName', 'contactEmail', 'contactPhone', 'address'] as const;

export type LicenceState = 'valid' | 'expiring' | 'expired' | 'unknown';

/** A licence expiring within 90 days is flagged so the owner can check the next contract. */
export function licenceState(p: Pick<Organisation, 'licenceExpires'>, today = todayIso()): LicenceState {
  if (!p.licenceExpires) return 'unknown';
  if (p.licenceExpires < today) return 'expired';
  return p.licenceExpires <= addDays(today, 90) ? 'expiring' : 'valid';
}

export function listProviders(db: Db): Organisation[] {
  return orgs.allOrganisations(db).filter((o) => o.kind === 'provider');
}

export function getProvider(db: Db, id: number): Organisation {
  const p = orgs.findOrganisation(db, id);
  if (!p || p.kind !== 'provider') throw new NotFoundError('provider');
  return p;
}

/** Whether the actor may edit the provider's record: an admin whose subtree holds the organisation that keeps it. */
export function mayEditProvider(actor: Actor, p: Pick<Organisation, 'managedBy'>): boolean {
  return can(actor.role, 'provider.write') && p.managedBy !== null && actor.scope.has(p.managedBy);
}

/** A provider the actor may edit; another organisation's record is a 403 (everyone may read it, not change it). */
export function editableProvider(db: Db, actor: Actor, id: number): Organisation {
  assertCan(actor, 'provider.write');
  const p = getProvider(db, id);
  if (!mayEditProvider(actor, p)) throw new ForbiddenError('provider.notManager');
  return p;
}

/** The provider with its group, the systems (visible to the actor) it monitors or assesses, who keeps it and its history in words. */
export function providerDetail(db: Db, actor: Actor, id: number, lang: { t: T; locale: Locale }) {
  const provider = getProvider(db, id);
  const all = listProviders(db);
  const ids = [provider.id];
  const visible = visibleCondition(visibility(db, actor));
  const assessed = db
    .selectDistinct({ id: systems.id, code: systems.code, nameVi: systems.nameVi, nameEn: systems.nameEn })
    .from(engagements)
    .innerJoin(systems, eq(systems.id, engagements.systemId))
    .where(and(inArray(engagements.assessorId, ids), isNull(engagements.revokedAt), visible))
    .all();
  const monitored = db
    .selectDistinct({ id: systems.id, code: systems.code, nameVi: systems.nameVi, nameEn: systems.nameEn })
    .from(layer2Monitoring)
    .innerJoin(systems, eq(systems.id, layer2Monitoring.systemId))
    .where(and(eq(layer2Monitoring.providerId, provider.id), visible, or(isNull(layer2Monitoring.endDate), sql`${layer2Monitoring.endDate} >= ${todayIso()}`)))
    .all();
  return {
    provider,
    parent: provider.parentId ? all.find((p) => p.id === provider.parentId) : undefined,
    subsidiaries: all.filter((p) => p.parentId === provider.id),
    assessed,
    monitored,
    licence: licenceState(provider),
    manager: provider.managedBy !== null ? orgs.findOrganisation(db, provider.managedBy) : undefined,
    mayEdit: mayEditProvider(actor, provider),
    history: inWords(db, actor, providerHistory(db, actor, provider.id), lang),
  };
}

function check(db: Db, input: ProviderInput, selfId: number | null): void {
  const other = orgs.findOrganisationByCode(db, input.code);
  if (other && other.id !== selfId) throw new ValidationError({ code: 'v.codeTaken' });
  if (input.parentId !== null) {
    const parent = orgs.findOrganisation(db, input.parentId);
    if (!parent || parent.kind !== 'provider' || parent.id === selfId) throw new ValidationError({ parentId: 'v.choose' });
    if (selfId !== null && subtreeIds(db, selfId).includes(input.parentId)) throw new ValidationError({ parentId: 'org.v.cycle' });
  }
}

export function createProvider(db: Db, actor: Actor, input: ProviderInput): Organisation {
  assertCan(actor, 'provider.write');
  check(db, input, null);
  return db.transaction((tx) => {
    const row = orgs.insertOrganisationRow(tx, { ...input, kind: 'provider', managedBy: actor.organisationId, searchText: searchTextFor(input) });
    audit(tx, actor, { action: 'create', entityType: 'provider', entityId: row.id, organisationId: actor.organisationId, summary: row.nameVi, changes: diff(null, row, [...AUDITED, 'managedBy']) });
    return row;
  });
}

export function updateProvider(db: Db, actor: Actor, id: number, input: ProviderInput): Organisation {
  const before = editableProvider(db, actor, id);
  check(db, input, id);
  return updateAudited(db, actor, before, {
    changes: diff(before, input, AUDITED),
    write: (tx) => orgs.updateOrganisationRow(tx, id, { ...input, searchText: searchTextFor(input) }),
    // filed under the keeper, not the editor (an admin above it): the keeper's admins see every change
    entry: (row) => ({ entityType: 'provider', entityId: id, organisationId: before.managedBy, summary: row.nameVi }),
  });
}
