// The move to Decree 331 and the impact of a level change, as pure functions over the catalogues, the
// crosswalk and the rule pack's metadata. Expectations are computed from the JSON files independently.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChecklistStatus } from '../../src/domain/catalog/index.js';
import { DEFAULT_ENGINE_CONFIG, engineConfig, type RuleId } from '../../src/domain/rules/index.js';
import {
  daysLeft, levelImpact, moveAnswers, onWorkList, pendingProposal, transitionItems, transitionProgress, type ImpactOptions, type Standing,
} from '../../src/domain/transition.js';

type Item = { id: string; levels: number[]; group_id?: string };
const json = <T>(file: string) => JSON.parse(readFileSync(new URL(`../../src/domain/catalog/${file}`, import.meta.url), 'utf8')) as T;
const OLD = json<Item[]>('tcvn-11930-2017.json');
const NEW = json<Item[]>('tcvn-14423-2026-items.json');
const XW = json<{ links: Array<{ from: string; to: string; relation: 'equivalent' | 'partial' | 'related' }>; new_only: string[] }>('crosswalk-11930-14423.json');

const at = (items: Item[], level: number) => items.filter((i) => i.levels.includes(level)).map((i) => i.id);
const allMet = (level: number) => new Map<string, { status: ChecklistStatus; note: string | null }>(at(OLD, level).map((id) => [id, { status: 'met', note: `BB ${id}` }]));
const OPTS: ImpactOptions = { asOf: '2026-11-24', cfg: DEFAULT_ENGINE_CONFIG, nationalSecurityImportant: false };

describe('answers carried across the crosswalk', () => {
  it('a level 3 Decree 85 system with every old item met: the work list is exactly the new-only, partial and related items', () => {
    const items = transitionItems(3, 3, allMet(3));
    expect(items.map((t) => t.item.id)).toEqual(at(NEW, 3));
    const old3 = new Set(at(OLD, 3));
    // only an equivalent link from an old item that applied at level 3 settles a new item
    const settled = new Set(XW.links.filter((l) => l.relation === 'equivalent' && old3.has(l.from)).map((l) => l.to));
    const expected = at(NEW, 3).filter((id) => !settled.has(id));
    const work = items.filter((t) => onWorkList(t, undefined)).map((t) => t.item.id);
    expect(work).toEqual(expected);
    // … which is the new-only items, plus the partial and related ones
    const newOnly = at(NEW, 3).filter((id) => XW.new_only.includes(id));
    const partialOrRelated = at(NEW, 3).filter((id) => XW.links.some((l) => l.to === id && l.relation !== 'equivalent' && old3.has(l.from)) && !settled.has(id));
    expect(newOnly.length).toBeGreaterThan(50);
    expect(new Set(work)).toEqual(new Set([...newOnly, ...partialOrRelated, ...expected.filter((id) => !newOnly.includes(id) && !partialOrRelated.includes(id))]));
    expect(expected.filter((id) => !newOnly.includes(id) && !partialOrRelated.includes(id))).toEqual([]);
    for (const id of newOnly) expect(work, id).toContain(id);
    expect(work).toHaveLength(at(NEW, 3).length - settled.size);
    // and the kinds say why
    for (const t of items) {
      if (settled.has(t.item.id)) expect(t.kind).toBe('equivalent');
      else if (newOnly.includes(t.item.id)) expect(t.kind).toBe('new');
    }
  });

  it('proposes: equivalent keeps the status, partial makes met "partly met", related proposes nothing', () => {
    const eq = XW.links.find((l) => l.relation === 'equivalent' && OLD.find((o) => o.id === l.from)!.levels.includes(3) && XW.links.filter((x) => x.to === l.to).length === 1)!;
    const onlyPartial = NEW.find((n) => n.levels.includes(3) && XW.links.some((l) => l.to === n.id) && XW.links.filter((l) => l.to === n.id).every((l) => l.relation === 'partial'))!;
    const onlyRelated = NEW.find((n) => n.levels.includes(3) && XW.links.some((l) => l.to === n.id) && XW.links.filter((l) => l.to === n.id).every((l) => l.relation === 'related'))!;
    const proposal = (id: string, answers: Map<string, { status: ChecklistStatus; note: string | null }>) => transitionItems(3, 3, answers).find((t) => t.item.id === id)!.proposal;

    expect(proposal(eq.to, allMet(3))).toEqual({ status: 'met', note: `BB ${eq.from}`, from: [eq.from] });
    expect(proposal(eq.to, new Map([[eq.from, { status: 'not_applicable', note: 'Không có mạng không dây' }]]))).toMatchObject({ status: 'not_applicable', note: 'Không có mạng không dây' });
    expect(proposal(eq.to, new Map([[eq.from, { status: 'partly_met', note: null }]]))).toMatchObject({ status: 'partly_met' });
    expect(proposal(onlyPartial.id, allMet(3))).toMatchObject({ status: 'partly_met' });
    const partialFrom = XW.links.filter((l) => l.to === onlyPartial.id && OLD.find((o) => o.id === l.from)!.levels.includes(3)).map((l) => l.from);
    // one unmet source is enough to withhold "partly met"
    const mixed = allMet(3);
    mixed.set(partialFrom[0]!, { status: 'not_met', note: null });
    expect(proposal(onlyPartial.id, mixed)).toMatchObject({ status: 'not_met' });
    // a partial old "not applicable" says nothing about the broader new item
    expect(proposal(onlyPartial.id, new Map(partialFrom.map((id) => [id, { status: 'not_applicable' as ChecklistStatus, note: 'x' }])))).toBeNull();
    expect(proposal(onlyRelated.id, allMet(3))).toBeNull();
    // nothing answered: nothing proposed
    expect(transitionItems(3, 3, new Map()).every((t) => t.proposal === null)).toBe(true);
  });

  it('ignores old answers of items that did not apply at the old level', () => {
    // an old item that starts at level 4 does not speak for a level 3 system
    const level4Old = OLD.filter((o) => Math.min(...o.levels) === 4).map((o) => o.id);
    const links = XW.links.filter((l) => level4Old.includes(l.from));
    expect(links.length).toBeGreaterThan(0);
    const answers = new Map(level4Old.map((id) => [id, { status: 'met' as ChecklistStatus, note: null }]));
    for (const t of transitionItems(3, 3, answers)) {
      expect(t.links.map((l) => l.itemId).filter((id) => level4Old.includes(id))).toEqual([]);
      expect(t.proposal).toBeNull();
    }
  });

  it('counts progress and stages: a proposal waits until answered; met and not applicable settle an item', () => {
    const items = transitionItems(2, 2, allMet(2));
    const answers = new Map<string, { status: ChecklistStatus; carriedFrom: string | null }>();
    let p = transitionProgress(items, answers);
    expect(p).toMatchObject({ applicable: at(NEW, 2).length, answered: 0, stage: 'not_started' });
    expect(p.proposals).toBe(items.filter((t) => t.proposal).length);
    const first = items.find((t) => t.proposal)!;
    answers.set(first.item.id, { status: first.proposal!.status, carriedFrom: first.proposal!.from.join(' ') });
    p = transitionProgress(items, answers);
    expect(p).toMatchObject({ answered: 1, confirmed: 1, stage: 'in_progress' });
    expect(pendingProposal(first, answers.get(first.item.id))).toBe(false);
    for (const t of items) answers.set(t.item.id, { status: t.item.id.startsWith('NET') ? 'not_applicable' : 'met', carriedFrom: null });
    expect(transitionProgress(items, answers)).toMatchObject({ workLeft: 0, proposals: 0, stage: 'done' });
    expect(daysLeft('2026-11-24')).toBe(219);
    expect(daysLeft('2027-07-01')).toBe(0);
  });
});

describe('re-determination: the Decree 85 answers read under Decree 331', () => {
  it('maps "online public service level 3" to "handles administrative procedures", which keeps level 3', () => {
    const m = moveAnswers({ systemType: 'public_service', infoPersonal: true, onlinePublicServiceLevel3: true, users: 3_000 });
    expect(m.answers).toMatchObject({ handlesAdministrativeProcedures: true, onlinePublicServiceLevel3: false, basicPdSubjects: 3_000 });
    expect(m.nd85.minimumLevel).toBe(3);
    expect(m.nd331.minimumLevel).toBe(3);
    expect(m.notes.map((n) => n.id)).toEqual(['onlinePublicService', 'usersThreshold']);
    expect(m.gained.map((h) => h.id)).toContain('admin-procedures');
    expect(m.lost.map((h) => h.id)).toContain('online-public-service-level3');
  });

  it('shows the users threshold that changed: 45 000 users was level 3, 45 000 basic-data subjects is level 2', () => {
    const m = moveAnswers({ systemType: 'public_service', infoPersonal: true, users: 45_000 });
    expect(m.nd85.minimumLevel).toBe(3);
    expect(m.nd331.minimumLevel).toBe(2);
    expect(m.notes).toEqual([
      { id: 'adminProcedures', params: {} },
      { id: 'usersThreshold', params: { users: 45_000, oldThreshold: 10_000, basic: 100_000, sensitive: 10_000 } },
      { id: 'levelChanges', params: { from: 3, to: 2 } },
    ]);
  });

  it('keeps the answers that mean the same under both decrees', () => {
    const m = moveAnswers({ systemType: 'infrastructure', scope: 'sector_or_province', needs24x7: true, stateSecret: 'mat' });
    expect(m.answers).toMatchObject({ systemType: 'infrastructure', scope: 'sector_or_province', needs24x7: true, stateSecret: 'mat' });
    expect([m.nd85.minimumLevel, m.nd331.minimumLevel]).toEqual([3, 3]);
  });
});

describe('the impact of a level or regime change, from the rule pack and the catalogues', () => {
  const count = (regime: 'nd85' | 'nd331', level: number) => at(regime === 'nd85' ? OLD : NEW, level);
  const diff = (a: string[], b: string[]) => a.filter((x) => !b.includes(x)).length;

  type Case = { name: string; from: Standing; to: Standing; starts: RuleId[]; stops: RuleId[]; opts?: Partial<ImpactOptions>; authorityChanges: boolean; facts?: string[] };
  const CASES: Case[] = [
    { name: '3 → 4 under Decree 331', from: { regime: 'nd331', level: 3 }, to: { regime: 'nd331', level: 4 }, starts: [], stops: [], authorityChanges: true },
    { name: '4 → 5 under Decree 331', from: { regime: 'nd331', level: 4 }, to: { regime: 'nd331', level: 5 }, starts: ['LVL-07', 'ASM-02', 'ASM-05'], stops: ['ASM-01'], authorityChanges: true },
    { name: '2 → 3 under Decree 331', from: { regime: 'nd331', level: 2 }, to: { regime: 'nd331', level: 3 }, starts: ['LVL-05', 'ASM-01', 'ASM-03', 'ASM-04', 'HR-01', 'HR-02', 'HR-03', 'PLN-01'], stops: [], authorityChanges: true },
    { name: '3 → 2 under Decree 331', from: { regime: 'nd331', level: 3 }, to: { regime: 'nd331', level: 2 }, starts: [], stops: ['LVL-05', 'ASM-01', 'ASM-03', 'ASM-04', 'HR-01', 'HR-02', 'HR-03', 'PLN-01'], authorityChanges: true },
    { name: '3 → 4 under Decree 85', from: { regime: 'nd85', level: 3 }, to: { regime: 'nd85', level: 4 }, starts: [], stops: [], authorityChanges: true },
    { name: '4 → 5 under Decree 85', from: { regime: 'nd85', level: 4 }, to: { regime: 'nd85', level: 5 }, starts: ['LVL-07', 'ASM-02', 'ASM-05'], stops: ['ASM-01'], authorityChanges: true },
    { name: '2 → 3 without the ct14 overlay', from: { regime: 'nd331', level: 2 }, to: { regime: 'nd331', level: 3 }, starts: ['LVL-05', 'ASM-04'], stops: [], opts: { cfg: engineConfig({ ct14: false }) }, authorityChanges: true },
    { name: '4 → 5 of a national-security-important system', from: { regime: 'nd331', level: 4 }, to: { regime: 'nd331', level: 5 }, starts: ['ASM-02', 'ASM-05'], stops: ['ASM-01'], opts: { nationalSecurityImportant: true }, authorityChanges: true },
    { name: 'Decree 85 → Decree 331 at level 3', from: { regime: 'nd85', level: 3 }, to: { regime: 'nd331', level: 3 }, starts: ['ASM-04'], stops: ['LVL-06'], authorityChanges: false, facts: ['report', 'layer4', 'asm04'] },
    { name: 'Decree 85 → Decree 331 at level 4', from: { regime: 'nd85', level: 4 }, to: { regime: 'nd331', level: 4 }, starts: ['ASM-04'], stops: ['LVL-06'], authorityChanges: true, facts: ['authority', 'report', 'layer4', 'asm04'] },
    { name: 'Decree 85 level 2 → Decree 331 level 3', from: { regime: 'nd85', level: 2 }, to: { regime: 'nd331', level: 3 }, starts: ['LVL-05', 'ASM-01', 'ASM-03', 'ASM-04', 'HR-01', 'HR-02', 'HR-03', 'PLN-01'], stops: ['LVL-06'], authorityChanges: true, facts: ['report', 'layer4', 'asm04'] },
  ];

  for (const c of CASES) {
    it(c.name, () => {
      const impact = levelImpact(c.from, c.to, { ...OPTS, ...c.opts });
      expect(impact.rules.starts.map((r) => r.rule)).toEqual(c.starts);
      expect(impact.rules.stops.map((r) => r.rule)).toEqual(c.stops);
      expect(impact.authorities.changed).toBe(c.authorityChanges);
      const before = count(c.from.regime, c.from.level);
      const after = count(c.to.regime, c.to.level);
      expect([impact.checklist.fromCount, impact.checklist.toCount]).toEqual([before.length, after.length]);
      if (c.from.regime === c.to.regime) {
        expect(impact.checklist.added.map((i) => i.id)).toEqual(after.filter((id) => !before.includes(id)));
        expect(impact.checklist.dropped.map((i) => i.id)).toEqual(before.filter((id) => !after.includes(id)));
        expect([impact.checklist.added.length, impact.checklist.dropped.length]).toEqual([diff(after, before), diff(before, after)]);
        expect(impact.facts).toEqual([]);
      } else {
        const old = new Set(count('nd85', c.from.level));
        const linked = (rel: string) => after.filter((id) => XW.links.some((l) => l.to === id && l.relation === rel && old.has(l.from)));
        const eq = linked('equivalent');
        const partial = linked('partial').filter((id) => !eq.includes(id));
        const related = linked('related').filter((id) => !eq.includes(id) && !partial.includes(id));
        expect(impact.checklist.crosswalk).toEqual({ equivalent: eq.length, partial: partial.length, related: related.length, new: after.length - eq.length - partial.length - related.length });
        // MIC → BCA only where MIC appraised (levels 4–5)
        expect(impact.facts).toEqual(c.facts);
      }
    });
  }

  it('3 → 4 and 4 → 5 under Decree 331: who appraises, and the items that start and stop applying (levels may skip one)', () => {
    const up = levelImpact({ regime: 'nd331', level: 3 }, { regime: 'nd331', level: 4 }, OPTS);
    expect(up.authorities.from).toMatchObject({ appraiser: 'authority.securityUnit', approver: 'authority.owner' });
    expect(up.authorities.to).toMatchObject({ appraiser: 'authority.bca', approver: 'authority.owner' });
    // NET-29, IR-01 and IR-03 apply at level 3 but not at 4; NET-43 at 4 but not at 3
    expect(up.checklist.dropped.map((i) => i.id)).toEqual(expect.arrayContaining(['NET-29', 'IR-01', 'IR-03']));
    expect(up.checklist.added.map((i) => i.id)).toContain('NET-43');
    const top = levelImpact({ regime: 'nd331', level: 4 }, { regime: 'nd331', level: 5 }, OPTS);
    expect(top.authorities.to).toMatchObject({ appraiser: 'authority.bca', approver: 'authority.ownerPm' });
  });

  it('dates the deadlines that come and go: half-yearly assessments and the 1 Oct notice at level 5', () => {
    const top = levelImpact({ regime: 'nd331', level: 4 }, { regime: 'nd331', level: 5 }, OPTS);
    expect(top.deadlines.added).toEqual([
      { kind: 'assessmentHalf', rule: 'ASM-02', date: '2026-12-14' },
      { kind: 'selfInspection', rule: 'LVL-07', date: '2027-10-01' },
    ]);
    expect(top.deadlines.dropped).toEqual([{ kind: 'assessmentYear', rule: 'ASM-01', date: '2026-12-14' }]);
    expect(top.deadlines.unchanged).toEqual([{ kind: 'annualReport', rule: 'REP-01', date: '2026-12-25' }]);
    // in the first half of the year the half-year cycle ends on 14 Jun
    const spring = levelImpact({ regime: 'nd331', level: 4 }, { regime: 'nd331', level: 5 }, { ...OPTS, asOf: '2027-02-01' });
    expect(spring.deadlines.added).toEqual([
      { kind: 'assessmentHalf', rule: 'ASM-02', date: '2027-06-14' },
      { kind: 'selfInspection', rule: 'LVL-07', date: '2027-10-01' },
    ]);
    // the move drops the 1 Jul 2027 transition deadline
    const move = levelImpact({ regime: 'nd85', level: 3 }, { regime: 'nd331', level: 3 }, OPTS);
    expect(move.deadlines.dropped).toEqual([{ kind: 'meetNd331', rule: 'LVL-06', date: '2027-07-01' }]);
  });
});
