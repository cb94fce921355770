// t(): every user-facing string goes through here. Vietnamese is the default; English is second.
// Dictionaries are split by module (dict/*.ts); each file exports `vi` and an `en` typed with the same
// keys, so a missing key fails the typecheck, and test/unit/i18n.test.ts checks it at run time too.
import * as common from './dict/common.js';
import * as organisations from './dict/organisations.js';
import * as systems from './dict/systems.js';
import * as levels from './dict/levels.js';
import * as auth from './dict/auth.js';
import * as usersDict from './dict/users.js';
import * as protection from './dict/protection.js';
import * as checklists from './dict/checklists.js';
import * as providers from './dict/providers.js';
import * as assessmentsDict from './dict/assessments.js';
import * as calendar from './dict/calendar.js';
import * as gaps from './dict/gaps.js';
import * as submissions from './dict/submissions.js';
import * as readiness from './dict/readiness.js';
import * as operatorsDict from './dict/operators.js';
import * as rules from './dict/rules.js';
import * as annualReport from './dict/annual-report.js';
import * as api from './dict/api.js';
import * as print from './dict/print.js';
import * as exportsDict from './dict/exports.js';
import * as importsDict from './dict/imports.js';
import * as due from './dict/due.js';
import * as transition from './dict/transition.js';
import * as documents from './dict/documents.js';
import * as mail from './dict/mail.js';
import * as security from './dict/security.js';
import * as evidence from './dict/evidence.js';
import * as auditDict from './dict/audit.js';

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const parts = [common, organisations, systems, levels, auth, usersDict, protection, checklists, providers, assessmentsDict, calendar, gaps, submissions, readiness, operatorsDict, rules, exportsDict, print, api, annualReport, importsDict, due, transition, documents, mail, security, evidence, auditDict];

export const dictionaries: Record<Locale, Record<string, string>> = {
  vi: Object.assign({}, ...parts.map((p) => p.vi)),
  en: Object.assign({}, ...parts.map((p) => p.en)),
};

export type Params = Record<string, string | number>;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A parameter as shown: the domain passes dates as ISO yyyy-mm-dd; people read dd/mm/yyyy. */
function shown(v: string | number): string {
  const m = typeof v === 'string' ? ISO_DAY.exec(v) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : String(v);
}

/**
 * The text of `key` in `locale` with its {placeholders} filled. A name given in both languages travels as
 * `x` (Vietnamese) and `xEn` (English, when there is one): English pages show the English one.
 */
export function translate(locale: Locale, key: string, params?: Params): string {
  const template = dictionaries[locale][key] ?? dictionaries.vi[key];
  if (template === undefined) return key; // visible in the page and caught by the i18n test
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const en = `${name}En`;
    if (locale === 'en' && en in params) return shown(params[en]!);
    return name in params ? shown(params[name]!) : m;
  });
}

export type T = (key: string, params?: Params) => string;

export function translator(locale: Locale): T {
  return (key, params) => translate(locale, key, params);
}

export function isLocale(v: unknown): v is Locale {
  return v === 'vi' || v === 'en';
}
