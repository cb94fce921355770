// The import file's layout (three sheets, their columns and hints) and the zod schema of one row of each.
// Headers are part of the file format, so they are fixed text, not translated: the template's are Vietnamese;
// the systems sheet also has English headers (the English systems export writes them), and the importer
// recognises either. Values of lists are the codes the application uses (e.g. "in_operation"); the
// "Huong_dan" sheet lists them.
import { z } from 'zod';
import { ASSESSMENT_KINDS, ASSESSMENT_RESULTS } from '../../db/schema/assessments.js';
import { REGIMES } from '../../db/schema/level-decisions.js';
import { CERTIFICATE_KINDS } from '../../db/schema/people.js';
import { HOSTINGS, LIFECYCLE_STATUSES, PRIORITY_SECTORS, SYSTEM_TYPES } from '../../db/schema/systems.js';
import { fold } from '../../i18n/format.js';
import { code, optDate, optEmail, optEnum, optText, reqDate, reqEnum, reqText } from '../../web/forms.js';

/** Data rows per sheet; more is refused with a message naming the sheet. */
export const MAX_ROWS = 1000;
/** The first data row in the template: row 1 is the header, row 2 the hints. */
export const FIRST_DATA_ROW = 3;

export interface Column {
  key: string;
  header: string;
  /** the English header (systems sheet): the English export writes it, the importer reads it too */
  en?: string;
  hint: string;
  /** the value is a date (ISO in the export, dd/mm/yyyy in a file) */
  date?: boolean;
  width?: number;
  /** the allowed values, listed in the "Huong_dan" sheet */
  values?: readonly string[];
}

export type SheetName = 'He_thong' | 'Can_bo' | 'Danh_gia';
export const SHEET_NAMES: readonly SheetName[] = ['He_thong', 'Can_bo', 'Danh_gia'];
export const GUIDE_SHEET = 'Huong_dan';

const YES_NO = ['có', 'không'] as const;

export const COLUMNS: Record<SheetName, readonly Column[]> = {
  He_thong: [
    { key: 'code', header: 'Mã hệ thống', en: 'System code', hint: 'Bắt buộc; chữ không dấu, số, . _ - /; dùng để cập nhật khi nhập lại', width: 18 },
    { key: 'nameVi', header: 'Tên hệ thống', en: 'System name', hint: 'Bắt buộc', width: 40 },
    { key: 'nameEn', header: 'Tên tiếng Anh', en: 'English name', hint: 'Không bắt buộc', width: 30 },
    { key: 'ownerCode', header: 'Mã đơn vị chủ quản', en: 'Owner code', hint: 'Bắt buộc; mã đơn vị đã có trong hệ thống', width: 18 },
    { key: 'operatorCode', header: 'Mã đơn vị vận hành', en: 'Operator code', hint: 'Bắt buộc; mã đơn vị đã có trong hệ thống', width: 18 },
    { key: 'securityUnitCode', header: 'Mã đơn vị chuyên trách ATTT', en: 'Security unit code', hint: 'Không bắt buộc', width: 18 },
    { key: 'systemType', header: 'Loại hệ thống', en: 'System type', hint: 'Bắt buộc; xem trang Huong_dan', width: 18, values: SYSTEM_TYPES },
    { key: 'prioritySector', header: 'Lĩnh vực ưu tiên', en: 'Priority sector', hint: 'Không bắt buộc; xem trang Huong_dan', width: 18, values: PRIORITY_SECTORS },
    { key: 'lifecycleStatus', header: 'Tình trạng', en: 'Status', hint: 'Bắt buộc; xem trang Huong_dan', width: 18, values: LIFECYCLE_STATUSES.filter((s) => s !== 'decommissioned') },
    { key: 'goLiveDate', header: 'Ngày vận hành', en: 'Go-live date', date: true, hint: 'dd/mm/yyyy; bắt buộc khi đang vận hành', width: 14 },
    { key: 'hosting', header: 'Hạ tầng triển khai', en: 'Hosting', hint: 'Bắt buộc; xem trang Huong_dan', width: 16, values: HOSTINGS },
    { key: 'stateFunded', header: 'Ngân sách nhà nước', en: 'State funded', hint: 'có / không (để trống: có)', width: 12, values: YES_NO },
    { key: 'level', header: 'Cấp độ', en: 'Level', hint: '1 đến 5; để trống nếu chưa được phê duyệt', width: 8 },
    { key: 'regime', header: 'Căn cứ pháp lý', en: 'Legal basis', hint: 'nd331 hoặc nd85; bắt buộc khi có cấp độ', width: 12, values: REGIMES },
    { key: 'approvalNumber', header: 'Số quyết định phê duyệt', en: 'Approval decision number', hint: 'Bắt buộc khi có cấp độ', width: 18 },
    { key: 'approvalDate', header: 'Ngày phê duyệt', en: 'Approval date', date: true, hint: 'dd/mm/yyyy; bắt buộc khi có cấp độ', width: 14 },
    { key: 'approvingBody', header: 'Cơ quan phê duyệt', en: 'Approved by', hint: 'Không bắt buộc', width: 24 },
    { key: 'regulationNumber', header: 'Số quyết định ban hành quy chế', en: 'Security regulation: decision number', hint: 'Không bắt buộc', width: 18 },
    { key: 'regulationDate', header: 'Ngày ban hành quy chế', en: 'Security regulation: date', date: true, hint: 'dd/mm/yyyy', width: 14 },
  ],
  Can_bo: [
    { key: 'fullName', header: 'Họ và tên', hint: 'Bắt buộc; cùng họ tên và đơn vị thì cập nhật', width: 26 },
    { key: 'orgCode', header: 'Mã đơn vị', hint: 'Bắt buộc; đơn vị thuộc phạm vi quản lý của bạn', width: 16 },
    { key: 'position', header: 'Chức vụ', hint: 'Không bắt buộc', width: 20 },
    { key: 'email', header: 'Thư điện tử', hint: 'Không bắt buộc', width: 24 },
    { key: 'certKind', header: 'Loại chứng chỉ', hint: 'Để trống nếu không có chứng chỉ; xem trang Huong_dan', width: 18, values: CERTIFICATE_KINDS },
    { key: 'certName', header: 'Tên chứng chỉ', hint: 'Không bắt buộc (mặc định theo loại)', width: 20 },
    { key: 'certNumber', header: 'Số chứng chỉ', hint: 'Bắt buộc khi có chứng chỉ; dùng để cập nhật', width: 16 },
    { key: 'issuer', header: 'Nơi cấp', hint: 'Bắt buộc khi có chứng chỉ', width: 22 },
    { key: 'issueDate', header: 'Ngày cấp', hint: 'dd/mm/yyyy; bắt buộc khi có chứng chỉ', width: 14 },
    { key: 'expiryDate', header: 'Ngày hết hạn', hint: 'dd/mm/yyyy; không bắt buộc', width: 14 },
  ],
  Danh_gia: [
    { key: 'systemCode', header: 'Mã hệ thống', hint: 'Bắt buộc; hệ thống đã có hoặc có trong trang He_thong', width: 18 },
    { key: 'assessorCode', header: 'Mã đơn vị đánh giá', hint: 'Bắt buộc; mã đơn vị hoặc tổ chức kiểm định', width: 18 },
    { key: 'kind', header: 'Hình thức', hint: 'Bắt buộc; xem trang Huong_dan', width: 16, values: ASSESSMENT_KINDS },
    { key: 'performedDate', header: 'Ngày thực hiện', hint: 'Bắt buộc; dd/mm/yyyy', width: 14 },
    { key: 'result', header: 'Kết quả', hint: 'Bắt buộc; xem trang Huong_dan', width: 20, values: ASSESSMENT_RESULTS },
    { key: 'reportRef', header: 'Số báo cáo', hint: 'Không bắt buộc', width: 18 },
  ],
};

/** Vietnamese labels of the allowed values, for the guide sheet (i18n keys). */
export const VALUE_LABEL_KEYS: Record<string, (v: string) => string> = {
  systemType: (v) => `type.${v}`,
  prioritySector: (v) => `sector.${v}`,
  lifecycleStatus: (v) => `lifecycle.${v}`,
  hosting: (v) => `hosting.${v}`,
  regime: (v) => `level.regime.${v}`,
  certKind: (v) => `op.kind.${v}`,
  kind: (v) => `assessment.kind.${v}`,
  result: (v) => `assessment.result.${v}`,
};

export function headerOf(sheet: SheetName, key: string): string {
  return COLUMNS[sheet].find((c) => c.key === key)?.header ?? key;
}

/** The systems sheet's columns that must be in a file; any other may be left out (the system keeps that field). */
export const REQUIRED_SYSTEM_COLUMNS: readonly string[] = ['code'];

/** What a system is, in the systems sheet's terms. */
export interface SystemAsFiled {
  code: string; nameVi: string; nameEn: string | null; ownerId: number; operatorId: number; securityUnitId: number | null;
  systemType: string; prioritySector: string | null; lifecycleStatus: string; goLiveDate: string | null; hosting: string; stateFunded: boolean;
}
export interface DecisionAsFiled {
  proposedLevel: number; regime: string; approvalNumber: string | null; approvalDate: string | null;
  approvingBody: string | null; regulationNumber: string | null; regulationDate: string | null;
}

/**
 * One system as a row of the systems sheet, keyed by column: codes and raw values, dates ISO (the export
 * writes them as dates; the importer as dd/mm/yyyy), the decision in force in the decision columns. The
 * systems export writes these columns first, and the importer fills a column a file leaves out with them.
 */
export function systemAsFiled(s: SystemAsFiled, decision: DecisionAsFiled | undefined, codeOf: (id: number) => string, yesNo: readonly [string, string] = YES_NO): Record<string, string | number | null> {
  return {
    code: s.code, nameVi: s.nameVi, nameEn: s.nameEn, ownerCode: codeOf(s.ownerId), operatorCode: codeOf(s.operatorId),
    securityUnitCode: s.securityUnitId === null ? null : codeOf(s.securityUnitId), systemType: s.systemType, prioritySector: s.prioritySector,
    lifecycleStatus: s.lifecycleStatus, goLiveDate: s.goLiveDate, hosting: s.hosting, stateFunded: s.stateFunded ? yesNo[0] : yesNo[1],
    level: decision?.proposedLevel ?? null, regime: decision?.regime ?? null, approvalNumber: decision?.approvalNumber ?? null,
    approvalDate: decision?.approvalDate ?? null, approvingBody: decision?.approvingBody ?? null,
    regulationNumber: decision?.regulationNumber ?? null, regulationDate: decision?.regulationDate ?? null,
  };
}

// ---- one row of each sheet: every cell arrives as trimmed text ('' when empty)

const optLevel = z.string().transform((s, ctx) => {
  if (!s) return null;
  if (!/^[1-5]$/.test(s)) {
    ctx.addIssue({ code: 'custom', message: 'imp.v.level' });
    return z.NEVER;
  }
  return Number(s);
});

const yesNo = z.string().transform((s, ctx) => {
  const f = fold(s);
  if (!f || ['co', 'x', 'yes', '1', 'true'].includes(f)) return true;
  if (['khong', 'no', '0', 'false'].includes(f)) return false;
  ctx.addIssue({ code: 'custom', message: 'imp.v.yesNo' });
  return z.NEVER;
});

const optCode = optText(40).pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'v.code').nullable());

export const systemRow = z
  .object({
    code: code(40),
    nameVi: reqText(250),
    nameEn: optText(250),
    ownerCode: code(40),
    operatorCode: code(40),
    securityUnitCode: optCode,
    systemType: reqEnum(SYSTEM_TYPES),
    prioritySector: optEnum(PRIORITY_SECTORS),
    lifecycleStatus: reqEnum(LIFECYCLE_STATUSES),
    goLiveDate: optDate,
    hosting: reqEnum(HOSTINGS),
    stateFunded: yesNo,
    level: optLevel,
    regime: optEnum(REGIMES),
    approvalNumber: optText(100),
    approvalDate: optDate,
    approvingBody: optText(250),
    regulationNumber: optText(100),
    regulationDate: optDate,
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.lifecycleStatus === 'in_operation' && !v.goLiveDate) issue('goLiveDate', 'system.v.goLiveRequired');
    if (v.lifecycleStatus === 'decommissioned') issue('lifecycleStatus', 'system.v.useDecommission');
    if (v.level !== null) {
      if (!v.regime) issue('regime', 'v.required');
      if (!v.approvalNumber) issue('approvalNumber', 'v.required');
      if (!v.approvalDate) issue('approvalDate', 'v.required');
    } else if (v.regime || v.approvalNumber || v.approvalDate || v.approvingBody || v.regulationNumber || v.regulationDate) {
      issue('level', 'imp.v.levelRequired');
    }
  });

export const operatorRow = z
  .object({
    fullName: reqText(200),
    orgCode: code(40),
    position: optText(200),
    email: optEmail,
    certKind: optEnum(CERTIFICATE_KINDS),
    certName: optText(200),
    certNumber: optText(100),
    issuer: optText(200),
    issueDate: optDate,
    expiryDate: optDate,
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const any = v.certKind || v.certName || v.certNumber || v.issuer || v.issueDate || v.expiryDate;
    if (!any) return;
    if (!v.certKind) issue('certKind', 'v.choose');
    if (!v.certNumber) issue('certNumber', 'v.required');
    if (!v.issuer) issue('issuer', 'v.required');
    if (!v.issueDate) issue('issueDate', 'v.required');
    if (v.issueDate && v.expiryDate && v.expiryDate <= v.issueDate) issue('expiryDate', 'imp.v.expiryBeforeIssue');
  });

export const assessmentRow = z.object({
  systemCode: code(40),
  assessorCode: code(40),
  kind: reqEnum(ASSESSMENT_KINDS),
  performedDate: reqDate,
  result: reqEnum(ASSESSMENT_RESULTS),
  reportRef: optText(200),
});

export type SystemRowInput = z.infer<typeof systemRow>;
export type OperatorRowInput = z.infer<typeof operatorRow>;
export type AssessmentRowInput = z.infer<typeof assessmentRow>;

/** The default certificate name by kind, when the file leaves it empty. */
export const CERT_NAME_BY_KIND: Record<(typeof CERTIFICATE_KINDS)[number], string> = {
  national_in_depth: 'Chứng nhận chuyên sâu về an toàn thông tin',
  international: 'Chứng chỉ quốc tế',
  other: 'Chứng chỉ khác',
};
