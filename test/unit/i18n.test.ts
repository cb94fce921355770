import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dictionaries, translate } from '../../src/i18n/index.js';
import { CRITERION_IDS, ICS_GRADES, SCOPES, SECRET_GRADES } from '../../src/domain/level-criteria.js';
import { HOSTINGS, LIFECYCLE_STATUSES, PRIORITY_SECTORS, SEPARATIONS, SYSTEM_TYPES } from '../../src/db/schema/systems.js';
import { DOSSIER_STATUSES } from '../../src/db/schema/level-decisions.js';
import { ROLES } from '../../src/db/schema/users.js';

describe('dictionaries', () => {
  it('have exactly the same keys in Vietnamese and English', () => {
    const vi = Object.keys(dictionaries.vi).sort();
    const en = Object.keys(dictionaries.en).sort();
    expect(vi.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !vi.includes(k))).toEqual([]);
  });

  it('have no empty value', () => {
    for (const [locale, dict] of Object.entries(dictionaries)) {
      for (const [k, v] of Object.entries(dict)) expect(v.trim(), `${locale}:${k}`).not.toBe('');
    }
  });

  it('write dates dd/mm/yyyy, never "01/7/2027"', () => {
    for (const [locale, dict] of Object.entries(dictionaries)) {
      for (const [k, v] of Object.entries(dict)) expect(v, `${locale}:${k}`).not.toMatch(/(^|[^\d/])(\d\/\d{1,2}|\d{1,2}\/\d)\/\d{4}/);
    }
  });

  it('use the same {placeholders} in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(dictionaries.vi)) expect(names(dictionaries.en[k]!), k).toEqual(names(dictionaries.vi[k]!));
  });

  it('translate every value the domain and the schema can produce', () => {
    const keys = [
      ...CRITERION_IDS.map((id) => `criterion.${id}`),
      ...SECRET_GRADES.map((v) => `level.secret.${v}`),
      ...SCOPES.map((v) => `level.scope.${v}`),
      ...ICS_GRADES.map((v) => `level.ics.${v}`),
      ...SYSTEM_TYPES.map((v) => `type.${v}`),
      ...LIFECYCLE_STATUSES.map((v) => `lifecycle.${v}`),
      ...HOSTINGS.map((v) => `hosting.${v}`),
      ...SEPARATIONS.map((v) => `separation.${v}`),
      ...PRIORITY_SECTORS.map((v) => `sector.${v}`),
      ...DOSSIER_STATUSES.map((v) => `dossier.${v}`),
      ...ROLES.map((v) => `role.${v}`),
    ];
    for (const k of keys) {
      expect(dictionaries.vi[k], k).toBeTruthy();
      expect(dictionaries.en[k], k).toBeTruthy();
    }
  });

  it('translate every literal t("...") key used in the views and the code', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ejs|ts)$/.test(e.name)) files.push(p);
      }
    };
    walk('views');
    walk('src/modules');
    const missing: string[] = [];
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.-]+)'/g)) {
        const key = m[1]!;
        if (key.endsWith('.')) continue; // a prefix completed at run time, checked above
        if (!(key in dictionaries.vi)) missing.push(`${f}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('fills placeholders and falls back to the key when it is unknown', () => {
    expect(translate('vi', 'pager.status', { page: 2, pages: 5, total: 120 })).toBe('Trang 2/5 · 120 kết quả');
    expect(translate('en', 'dash.levelN', { n: 3 })).toBe('Level 3');
    expect(translate('vi', 'no.such.key')).toBe('no.such.key');
  });
});
