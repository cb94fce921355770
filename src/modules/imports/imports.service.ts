// Import from Excel (.xlsx, three sheets) or CSV (the systems sheet only).
//   1. readImportFile: the file → raw rows per sheet, cells as text, with the Excel row number of each.
//   2. validateImport: every row through zod and the reference rules (organisations by code in the
//      actor's reach, systems by code visible to the actor…) → a list of problems {sheet, row, column},
//      or, when there are none, a JSON payload of resolved rows (kept in the session until confirmed).
//   3. runImport(write = false) counts what would be new / updated / unchanged (the preview);
//      runImport(write = true), inside ONE transaction, upserts everything with one audit entry per
//      created or updated entity. Re-importing the same file finds everything unchanged and writes nothing.
// Level decisions: the file carries the approved level, not the criteria answers, so a decision is
// stored with DEFAULT_ANSWERS, computedLevel 1, proposedLevel = the level, proposalReason "Nhập từ tệp"
// and dossierStatus "approved"; it is added only when the system has no approved decision with the
// same approval number (an existing one is never changed by an import).
import { randomBytes } from 'node:crypto';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../web/lazy.js';
import { ImportFileError } from './import-file-error.js';
import { checkXlsx, type XlsxLimits } from './xlsx-guard.js';
import type { Db, Tx } from '../../db/client.js';
import type { Organisation } from '../../db/schema/organisations.js';
import type { OperatorRow } from '../../db/schema/people.js';
import type { SystemRow } from '../../db/schema/systems.js';
import { ConflictError } from '../../domain/errors.js';
import { can } from '../../domain/permissions.js';
import { fold, formatDate, todayIso } from '../../i18n/format.js';
import { assertCan, type Actor, canSee } from '../access/index.js';
import { hasChanges } from '../audit/audit.service.js';
import { findSystemByCode, insertSystemAudited, ownershipProblems, systemChanges, updateSystemAudited } from '../systems/systems.service.js';
import { decisionRegister, hasApprovedDecision, recordImportedDecision } from '../levels/levels.service.js';
import {
  certificateChangesFor, findCertificateByNumber, findOperatorByName, findOperatorRow, insertCertificateAudited, insertOperatorAudited, operatorChangesFor,
  updateCertificateAudited, updateOperatorAudited,
} from '../operators/operators.service.js';
import { assessmentChangesFor, assessorChoices, findAssessmentOn, insertAssessmentAudited, updateAssessmentAudited } from '../assessments/assessments.service.js';
import {
  assessmentRow, CERT_NAME_BY_KIND, COLUMNS, FIRST_DATA_ROW, headerOf, MAX_ROWS, operatorRow, REQUIRED_SYSTEM_COLUMNS, SHEET_NAMES, systemAsFiled, systemRow,
  type AssessmentRowInput, type OperatorRowInput, type SheetName, type SystemRowInput,
} from './imports.schemas.js';
import type { z } from 'zod';
import { allOrganisations } from '../organisations/organisations.service.js';

// ---- types

export type Params = Record<string, string | number>;

/** One problem of the file: where (sheet, Excel row number, column header) and what (an i18n key). */
export interface Problem {
  sheet: SheetName | null;
  row: number | null;
  column: string | null;
  key: string;
  params?: Params;
}

/** A file that cannot be read at all (wrong type, damaged, wrong encoding, no known sheet). */
export { ImportFileError };

export interface RawRow {
  row: number; // the Excel (or CSV line) row number, header included
  cells: Record<string, string>;
}

export interface RawSheet {
  name: SheetName;
  rows: RawRow[];
  /** the columns the file leaves out (systems sheet): an existing system keeps those fields */
  absent: string[];
  problems: Problem[]; // missing columns, too many rows: the sheet's rows are then not checked
}

export interface SystemItem {
  row: number;
  fields: {
    code: string; nameVi: string; nameEn: string | null; ownerId: number; operatorId: number; securityUnitId: number | null;
    systemType: SystemRowInput['systemType']; prioritySector: SystemRowInput['prioritySector']; lifecycleStatus: SystemRowInput['lifecycleStatus'];
    goLiveDate: string | null; hosting: SystemRowInput['hosting']; stateFunded: boolean;
  };
  decision: {
    level: number; regime: NonNullable<SystemRowInput['regime']>; approvalNumber: string; approvalDate: string;
    approvingBody: string | null; regulationNumber: string | null; regulationDate: string | null;
  } | null;
}

export interface OperatorItem {
  row: number;
  fullName: string;
  organisationId: number;
  position: string | null;
  email: string | null;
  cert: { kind: NonNullable<OperatorRowInput['certKind']>; name: string; number: string; issuer: string; issueDate: string; expiryDate: string | null } | null;
}

export interface AssessmentItem {
  row: number;
  systemCode: string;
  assessorId: number;
  kind: AssessmentRowInput['kind'];
  performedDate: string;
  result: AssessmentRowInput['result'];
  reportRef: string | null;
}

/** What the session keeps between the preview and the confirmation. */
export interface ImportPayload {
  id: string;
  createdAt: number;
  actorId: number;
  fileName: string;
  systems: SystemItem[];
  /** codes of decommissioned systems whose rows the import leaves as they are */
  kept: string[];
  operators: OperatorItem[];
  assessments: AssessmentItem[];
}

export interface Counts { created: number; updated: number; unchanged: number }
export interface Summary { systems: Counts; decisions: Counts; operators: Counts; certificates: Counts; assessments: Counts }

// ---- 1. reading the file

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** A cell's value as trimmed NFC text; dates as dd/mm/yyyy (Excel dates are UTC midnight). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    const p = (n: number) => String(n).padStart(2, '0');
    return `${p(v.getUTCDate())}/${p(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'có' : 'không';
  if (typeof v === 'string') return unguardXlsx(v.normalize('NFC').trim());
  if ('richText' in v) return v.richText.map((r) => r.text).join('').normalize('NFC').trim();
  if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
  if ('text' in v && typeof v.text === 'string') return v.text.normalize('NFC').trim();
  return '';
}

const headerKey = (s: string) => fold(s.replace(/\*/g, '')).trim();

// The exports' formula-injection guard (src/web/csv.ts, src/web/xlsx.ts) put an apostrophe before a leading
// = + - @ (and, in a CSV, after a ';' or a line break): taken off again, so that an export imports back as it was.
const unguardXlsx = (s: string) => s.replace(/^'(?=[=+\-@])/, '');
const unguardCsv = (s: string) => unguardXlsx(s).replace(/([;\r\n][\s"]*)'(?=[=+\-@])/g, '$1');

/** Rows (arrays of text, index 0 = column A) of one sheet → the sheet's raw rows, keyed by column. */
function toRawSheet(name: SheetName, lines: { row: number; values: string[] }[]): RawSheet {
  const sheet: RawSheet = { name, rows: [], problems: [], absent: [] };
  const [header, ...rest] = lines;
  const columns = COLUMNS[name];
  const indexOf = new Map<string, number>();
  // the template's (Vietnamese) header or the English export's; any other column (an export's readable ones) is ignored
  header?.values.forEach((h, i) => {
    const c = columns.find((col) => headerKey(col.header) === headerKey(h) || (col.en !== undefined && headerKey(col.en) === headerKey(h)));
    if (c && !indexOf.has(c.key)) indexOf.set(c.key, i);
  });
  for (const c of columns) {
    if (indexOf.has(c.key)) continue;
    if (name === 'He_thong' && !REQUIRED_SYSTEM_COLUMNS.includes(c.key)) sheet.absent.push(c.key);
    else sheet.problems.push({ sheet: name, row: header?.row ?? 1, column: c.header, key: 'imp.v.missingColumn' });
  }
  let count = 0;
  for (const line of rest) {
    if (line.values.every((v) => !v)) continue;
    // the template's hint row (row 2) is not data
    if (line.row < FIRST_DATA_ROW && line.values[0] === columns[0]!.hint) continue;
    count++;
    if (count > MAX_ROWS) continue;
    const cells: Record<string, string> = {};
    for (const c of columns) cells[c.key] = line.values[indexOf.get(c.key) ?? -1] ?? '';
    sheet.rows.push({ row: line.row, cells });
  }
  if (count > MAX_ROWS) sheet.problems.push({ sheet: name, row: null, column: null, key: 'imp.v.tooManyRows', params: { count, max: MAX_ROWS } });
  return sheet;
}

/** A minimal RFC 4180 reader (quotes, doubled quotes, CRLF); ',' or ';' as the separator. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); out.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); out.push(row); }
  return out;
}

/**
 * What an .xlsx may hold, checked before exceljs parses it (xlsx-guard.ts): all of it inflated, the rows
 * with a value per sheet (the CSV path's cap on data rows, after the header and hint rows), the columns
 * (cells per row, and the farthest a cell may sit), and the characters of one cell.
 */
export const XLSX_LIMITS: XlsxLimits = { uncompressedBytes: 30 * 1024 * 1024, rows: MAX_ROWS, headerRows: FIRST_DATA_ROW - 1, columns: 100, cellChars: 5000 };

/**
 * The uploaded file → raw sheets. Throws ImportFileError when it is not a readable .xlsx or .csv, or at
 * the first limit an .xlsx exceeds.
 */
export async function readImportFile(buffer: Buffer, fileName: string, limits: XlsxLimits = XLSX_LIMITS): Promise<RawSheet[]> {
  if (!buffer.length) throw new ImportFileError('imp.err.empty');
  if (/\.csv$/i.test(fileName)) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    } catch {
      throw new ImportFileError('imp.err.encoding');
    }
    if (text.startsWith('\uFEFF')) text = text.slice(1);
    const lines = parseCsv(text).map((values, i) => ({ row: i + 1, values: values.map((v) => unguardCsv(v.normalize('NFC').trim())) }));
    return [toRawSheet('He_thong', lines)];
  }
  if (!/\.xlsx$/i.test(fileName) || buffer.length < 4 || !buffer.subarray(0, 4).equals(ZIP_MAGIC)) throw new ImportFileError('imp.err.type');
  await checkXlsx(buffer, limits);
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw new ImportFileError('imp.err.damaged');
  }
  const sheets: RawSheet[] = [];
  // a workbook without the template's sheet names (the systems export, in either language) is read as the systems sheet
  const known = SHEET_NAMES.some((name) => wb.getWorksheet(name));
  for (const name of SHEET_NAMES) {
    const ws = known ? wb.getWorksheet(name) : name === 'He_thong' ? wb.worksheets[0] : undefined;
    if (!ws) continue;
    const lines: { row: number; values: string[] }[] = [];
    ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
      const values: string[] = [];
      r.eachCell({ includeEmpty: true }, (cell, col) => {
        const text = cellText(cell.value);
        if (text.length > limits.cellChars) throw new ImportFileError('imp.err.limit.cell', { sheet: name, cell: cell.address, max: limits.cellChars });
        values[col - 1] = text;
      });
      for (let i = 0; i < values.length; i++) values[i] ??= '';
      lines.push({ row: rowNumber, values });
    });
    sheets.push(toRawSheet(name, lines));
  }
  if (!sheets.length) throw new ImportFileError('imp.err.noSheets');
  return sheets;
}

// ---- 2. validation

const MAX_PROBLEMS = 1000;

interface Ctx {
  problems: Problem[];
  orgByCode: Map<string, Organisation>;
  codeById: Map<number, string>;
}

const isMessageKey = (m: string) => /^[a-z]+(\.[a-zA-Z0-9_-]+)+$/.test(m);

function parseRow<S extends z.ZodType>(ctx: Ctx, sheet: SheetName, raw: RawRow, schema: S): z.infer<S> | null {
  const parsed = schema.safeParse(raw.cells);
  if (parsed.success) return parsed.data;
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? '_');
    if (seen.has(key)) continue;
    seen.add(key);
    ctx.problems.push({ sheet, row: raw.row, column: headerOf(sheet, key), key: isMessageKey(issue.message) ? issue.message : 'v.invalid' });
  }
  return null;
}

function problem(ctx: Ctx, sheet: SheetName, row: number, field: string, key: string, params?: Params): void {
  ctx.problems.push({ sheet, row, column: headerOf(sheet, field), key, ...(params ? { params } : {}) });
}

export function validateImport(db: Db, actor: Actor, sheets: RawSheet[], fileName: string, today = todayIso()): { problems: Problem[]; payload: ImportPayload | null } {
  assertCan(actor, 'system.write');
  const orgs = allOrganisations(db);
  const ctx: Ctx = { problems: [], orgByCode: new Map(orgs.map((o) => [o.code.toUpperCase(), o])), codeById: new Map(orgs.map((o) => [o.id, o.code])) };
  const payload: ImportPayload = { id: randomBytes(16).toString('hex'), createdAt: Date.now(), actorId: actor.id, fileName, systems: [], kept: [], operators: [], assessments: [] };
  const bySheet = new Map(sheets.map((s) => [s.name, s]));
  for (const s of sheets) ctx.problems.push(...s.problems);
  const checked = (name: SheetName) => {
    const s = bySheet.get(name);
    return s && !s.problems.length ? s.rows : [];
  };
  const org = (code: string | null) => (code ? ctx.orgByCode.get(code.toUpperCase()) : undefined);

  // He_thong
  const fileCodes = new Map<string, number>(); // code (upper) → row
  const absent = bySheet.get('He_thong')?.absent ?? [];
  const codeOf = (id: number) => ctx.codeById.get(id) ?? '';
  for (const raw of checked('He_thong')) {
    const known = raw.cells.code ? findSystemByCode(db, raw.cells.code) : undefined;
    // a column the file leaves out keeps the system's value (a new system has none: its required fields are then missing)
    if (absent.length && known && canSee(db, actor, known)) {
      const filed = systemAsFiled(known, decisionRegister(db, [known.id], today).get(known.id)?.inForce, codeOf);
      for (const key of absent) {
        const value = filed[key];
        raw.cells[key] = value === null || value === undefined ? '' : COLUMNS.He_thong.find((c) => c.key === key)?.date ? formatDate(String(value)) : String(value);
      }
    }
    // a decommissioned system is kept as it is: its row (an export's) counts as unchanged
    if (known?.lifecycleStatus === 'decommissioned' && raw.cells.lifecycleStatus === 'decommissioned' && canSee(db, actor, known) && !fileCodes.has(known.code.toUpperCase())) {
      fileCodes.set(known.code.toUpperCase(), raw.row);
      payload.kept.push(known.code);
      continue;
    }
    const v = parseRow(ctx, 'He_thong', raw, systemRow);
    const codeKey = (v?.code ?? raw.cells.code ?? '').toUpperCase();
    if (codeKey && fileCodes.has(codeKey)) {
      problem(ctx, 'He_thong', raw.row, 'code', 'imp.v.duplicate', { row: fileCodes.get(codeKey)! });
      continue;
    }
    if (codeKey) fileCodes.set(codeKey, raw.row);
    if (!v) continue;
    const before = ctx.problems.length;
    const agency = (field: 'ownerCode' | 'operatorCode' | 'securityUnitCode', code: string | null): number | null => {
      if (!code) return null;
      const o = org(code);
      if (!o || o.kind !== 'agency' || !actor.reach.has(o.id)) {
        problem(ctx, 'He_thong', raw.row, field, 'imp.v.orgUnknown', { code });
        return null;
      }
      return o.id;
    };
    const ownerId = agency('ownerCode', v.ownerCode);
    const operatorId = agency('operatorCode', v.operatorCode);
    const securityUnitId = agency('securityUnitCode', v.securityUnitCode);
    if (ownerId !== null && operatorId !== null && !actor.scope.has(ownerId) && !actor.scope.has(operatorId)) {
      problem(ctx, 'He_thong', raw.row, 'operatorCode', 'system.v.outsideScope');
    }
    const existing = findSystemByCode(db, v.code);
    if (existing && !canSee(db, actor, existing)) problem(ctx, 'He_thong', raw.row, 'code', 'v.codeTaken');
    else if (existing?.lifecycleStatus === 'decommissioned') problem(ctx, 'He_thong', raw.row, 'code', 'imp.v.decommissioned');
    else if (existing && ownerId !== null && operatorId !== null) {
      const owned = ownershipProblems(actor, existing, { ownerId, operatorId });
      if (owned.ownerId) problem(ctx, 'He_thong', raw.row, 'ownerCode', owned.ownerId);
      if (owned.operatorId) problem(ctx, 'He_thong', raw.row, 'operatorCode', owned.operatorId);
    }
    if (v.goLiveDate && v.goLiveDate > today && v.lifecycleStatus === 'in_operation') problem(ctx, 'He_thong', raw.row, 'goLiveDate', 'v.future');
    if (v.approvalDate && v.approvalDate > today) problem(ctx, 'He_thong', raw.row, 'approvalDate', 'v.future');
    if (v.level !== null && !can(actor.role, 'decision.write')) problem(ctx, 'He_thong', raw.row, 'level', 'imp.v.notAllowed');
    if (ctx.problems.length > before || ownerId === null || operatorId === null) continue;
    payload.systems.push({
      row: raw.row,
      fields: {
        code: v.code, nameVi: v.nameVi, nameEn: v.nameEn, ownerId, operatorId, securityUnitId, systemType: v.systemType,
        prioritySector: v.prioritySector, lifecycleStatus: v.lifecycleStatus, goLiveDate: v.goLiveDate, hosting: v.hosting, stateFunded: v.stateFunded,
      },
      decision: v.level !== null && v.regime && v.approvalNumber && v.approvalDate
        ? { level: v.level, regime: v.regime, approvalNumber: v.approvalNumber, approvalDate: v.approvalDate, approvingBody: v.approvingBody, regulationNumber: v.regulationNumber, regulationDate: v.regulationDate }
        : null,
    });
  }

  // Can_bo: one row per person and certificate; a person on several rows keeps the first row's details
  const people = new Map<string, OperatorItem>();
  const certRows = new Map<string, { row: number; person: string }>();
  for (const raw of checked('Can_bo')) {
    const v = parseRow(ctx, 'Can_bo', raw, operatorRow);
    if (!v) continue;
    const before = ctx.problems.length;
    const o = org(v.orgCode);
    if (!o || o.kind !== 'agency' || !actor.scope.has(o.id) || actor.role === 'auditor') {
      problem(ctx, 'Can_bo', raw.row, 'orgCode', 'imp.v.orgUnknown', { code: v.orgCode });
      continue;
    }
    const person = `${o.id}\u0000${fold(v.fullName)}`;
    if (v.issueDate && v.issueDate > today) problem(ctx, 'Can_bo', raw.row, 'issueDate', 'v.future');
    if (v.certNumber) {
      const certKey = `${v.issuer ?? ''}\u0000${v.certNumber}`; // a number is unique per issuing body
      const seen = certRows.get(certKey);
      if (seen) problem(ctx, 'Can_bo', raw.row, 'certNumber', 'imp.v.duplicate', { row: seen.row });
      else {
        certRows.set(certKey, { row: raw.row, person });
        const existing = v.issuer ? findCertificateByNumber(db, v.issuer, v.certNumber) : undefined;
        const owner = existing ? findOperatorRow(db, existing.operatorId) : undefined;
        // another tenant's number: saying whose it is, or even that it is recorded, would tell what the actor may not see
        if (owner && !actor.scope.has(owner.organisationId)) problem(ctx, 'Can_bo', raw.row, 'certNumber', 'imp.v.certUnusable');
        else if (owner && (owner.organisationId !== o.id || fold(owner.fullName) !== fold(v.fullName))) problem(ctx, 'Can_bo', raw.row, 'certNumber', 'imp.v.certElsewhere');
      }
    }
    if (ctx.problems.length > before) continue;
    const item: OperatorItem = {
      row: raw.row, fullName: v.fullName, organisationId: o.id, position: v.position, email: v.email,
      cert: v.certKind && v.certNumber && v.issuer && v.issueDate
        ? { kind: v.certKind, name: v.certName ?? CERT_NAME_BY_KIND[v.certKind], number: v.certNumber, issuer: v.issuer, issueDate: v.issueDate, expiryDate: v.expiryDate }
        : null,
    };
    const first = people.get(person);
    if (first) Object.assign(item, { position: first.position, email: first.email, fullName: first.fullName });
    else people.set(person, item);
    payload.operators.push(item);
  }

  // Danh_gia
  const assessors = new Set(assessorChoices(db, actor).map((o) => o.id));
  const assessmentKeys = new Map<string, number>();
  const mayAssess = can(actor.role, 'assessment.write');
  for (const raw of checked('Danh_gia')) {
    const v = parseRow(ctx, 'Danh_gia', raw, assessmentRow);
    if (!v) continue;
    const before = ctx.problems.length;
    if (!mayAssess) problem(ctx, 'Danh_gia', raw.row, 'systemCode', 'imp.v.notAllowed');
    const inFile = fileCodes.has(v.systemCode.toUpperCase());
    const existing = inFile ? undefined : findSystemByCode(db, v.systemCode);
    if (!inFile && (!existing || !canSee(db, actor, existing))) problem(ctx, 'Danh_gia', raw.row, 'systemCode', 'imp.v.systemUnknown', { code: v.systemCode });
    else if (existing?.lifecycleStatus === 'decommissioned') problem(ctx, 'Danh_gia', raw.row, 'systemCode', 'imp.v.decommissioned');
    const assessor = org(v.assessorCode);
    if (!assessor || !assessors.has(assessor.id)) problem(ctx, 'Danh_gia', raw.row, 'assessorCode', 'imp.v.orgUnknown', { code: v.assessorCode });
    if (v.performedDate > today) problem(ctx, 'Danh_gia', raw.row, 'performedDate', 'v.future');
    const key = `${v.systemCode.toUpperCase()}\u0000${assessor?.id}\u0000${v.performedDate}`;
    if (assessmentKeys.has(key)) problem(ctx, 'Danh_gia', raw.row, 'performedDate', 'imp.v.duplicate', { row: assessmentKeys.get(key)! });
    assessmentKeys.set(key, raw.row);
    if (ctx.problems.length > before || !assessor) continue;
    payload.assessments.push({
      row: raw.row, systemCode: v.systemCode, assessorId: assessor.id, kind: v.kind, performedDate: v.performedDate, result: v.result, reportRef: v.reportRef,
    });
  }

  if (!ctx.problems.length && !payload.systems.length && !payload.kept.length && !payload.operators.length && !payload.assessments.length) {
    ctx.problems.push({ sheet: null, row: null, column: null, key: 'imp.err.noRows' });
  }
  const problems = ctx.problems.slice(0, MAX_PROBLEMS);
  return { problems, payload: problems.length ? null : payload };
}

// ---- 3. the preview (write = false) and the import (write = true)

const zero = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });

/**
 * Compares each row with the database and, when `write`, inserts or updates it with its audit entry.
 * Call with write = true only inside a transaction (see confirmImport).
 */
export function runImport(tx: Tx, db: Db, actor: Actor, p: ImportPayload, write: boolean): Summary {
  const s: Summary = { systems: zero(), decisions: zero(), operators: zero(), certificates: zero(), assessments: zero() };
  const systemIds = new Map<string, SystemRow | null>(); // code (upper) → the row, null when only planned
  // every row is written through its owning module, with that module's audited fields
  const count = (c: Counts, created: boolean, changed: boolean) => (created ? c.created++ : changed ? c.updated++ : c.unchanged++);
  s.systems.unchanged += p.kept.length;

  for (const item of p.systems) {
    const f = item.fields;
    const existing = findSystemByCode(tx, f.code);
    if (existing && (!canSee(db, actor, existing) || existing.lifecycleStatus === 'decommissioned')) throw new ConflictError('imp.conflict');
    let sys: SystemRow | null = existing ?? null;
    count(s.systems, !existing, !!existing && hasChanges(systemChanges(existing, f)));
    if (write) sys = existing ? (updateSystemAudited(tx, actor, existing, f) ?? existing) : insertSystemAudited(tx, actor, f);
    systemIds.set(f.code.toUpperCase(), sys);

    const d = item.decision;
    if (!d) continue;
    if (sys && hasApprovedDecision(tx, sys.id, d.approvalNumber)) {
      s.decisions.unchanged++;
      continue;
    }
    s.decisions.created++;
    if (write && sys) recordImportedDecision(tx, actor, sys, d);
  }

  const seenPeople = new Map<string, OperatorRow | null>(); // person key → the row (null when only planned)
  for (const item of p.operators) {
    const key = `${item.organisationId}\u0000${fold(item.fullName)}`;
    let person: OperatorRow | null;
    if (seenPeople.has(key)) person = seenPeople.get(key)!;
    else {
      const existing = findOperatorByName(tx, item.organisationId, item.fullName);
      const fields = { fullName: existing?.fullName ?? item.fullName, organisationId: item.organisationId, position: item.position, email: item.email };
      count(s.operators, !existing, !!existing && hasChanges(operatorChangesFor(existing, fields)));
      person = existing ?? null;
      if (write) person = existing ? (updateOperatorAudited(tx, actor, existing, fields) ?? existing) : insertOperatorAudited(tx, actor, fields);
      seenPeople.set(key, person);
    }

    const c = item.cert;
    if (!c) continue;
    const existing = findCertificateByNumber(tx, c.issuer, c.number);
    if (existing && existing.operatorId !== (person?.id ?? null)) throw new ConflictError('imp.conflict');
    count(s.certificates, !existing, !!existing && hasChanges(certificateChangesFor(existing, c)));
    if (write && person) {
      if (existing) updateCertificateAudited(tx, actor, person, existing, c);
      else insertCertificateAudited(tx, actor, person, c);
    }
  }

  for (const item of p.assessments) {
    const code = item.systemCode.toUpperCase();
    if (!systemIds.has(code)) {
      const found = findSystemByCode(tx, item.systemCode);
      if (!found || !canSee(db, actor, found) || found.lifecycleStatus === 'decommissioned') throw new ConflictError('imp.conflict');
      systemIds.set(code, found);
    }
    const sys = systemIds.get(code) ?? null;
    const fields = { kind: item.kind, assessorId: item.assessorId, performedDate: item.performedDate, result: item.result, reportRef: item.reportRef };
    const existing = sys ? findAssessmentOn(tx, sys.id, item.assessorId, item.performedDate) : undefined;
    count(s.assessments, !existing, !!existing && hasChanges(assessmentChangesFor(existing, fields)));
    if (write && sys) {
      if (existing) updateAssessmentAudited(tx, actor, sys, existing, fields);
      else insertAssessmentAudited(tx, actor, sys, fields);
    }
  }
  return s;
}

/** What confirming would do, without writing. */
export function previewImport(db: Db, actor: Actor, p: ImportPayload): Summary {
  return runImport(db, db, actor, p, false);
}

/** Writes every row in one transaction: all of it or, on any error, none of it. */
export function confirmImport(db: Db, actor: Actor, p: ImportPayload): Summary {
  assertCan(actor, 'system.write');
  if (p.systems.some((x) => x.decision)) assertCan(actor, 'decision.write');
  if (p.assessments.length) assertCan(actor, 'assessment.write');
  return db.transaction((tx) => runImport(tx, db, actor, p, true));
}

export const totalChanged = (s: Summary) => Object.values(s).reduce((n, c: Counts) => n + c.created + c.updated, 0);
