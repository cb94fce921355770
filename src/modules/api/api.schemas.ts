// The API's contract as zod schemas: what each endpoint accepts (path and query, strictly: an unknown
// parameter is a 400) and what it answers. The routes parse with these, the services return these
// shapes, and the OpenAPI document (api.openapi.ts) is generated from them, so none can drift.
// Descriptions and examples are in Vietnamese: they are what an integration team reads.
import { z } from 'zod';
import { CANONICAL_ID } from '../../web/forms.js';
import { ASSESSMENT_KINDS, ASSESSMENT_RESULTS, TEST_BOXES } from '../../db/schema/assessments.js';
import { DOSSIER_STATUSES, REGIMES } from '../../db/schema/level-decisions.js';
import { ASSIGNMENT_ROLES } from '../../db/schema/people.js';
import { HOSTINGS, LIFECYCLE_STATUSES, PRIORITY_SECTORS, SEPARATIONS, SYSTEM_TYPES } from '../../db/schema/systems.js';
import { OBLIGATION_KINDS, RULE_IDS, RULE_STATES, SEVERITIES, type Fix, type ObligationKind } from '../../domain/rules/index.js';
import { parseDateInput } from '../../i18n/format.js';

/** The schemas that become `components/schemas` of the document, by name. */
export const apiSchemas = z.registry<{ id: string; description?: string }>();
const named = <T extends z.ZodType>(id: string, schema: T, description: string): T => {
  apiSchemas.add(schema, { id, description });
  return schema;
};

export const MAX_PER_PAGE = 100;

// ---- parameters (strings, as they arrive in the URL; messages are i18n keys of dict/api.ts)

const digits = (n: number) => z.string().regex(new RegExp(`^\\d{1,${n}}$`), 'api.error.number');

// one address per record: a canonical decimal id (no leading zero, sign or decimals), else no record (404)
const canonicalId = z.string().regex(CANONICAL_ID, 'api.error.number').transform(Number);

const idParam = canonicalId.meta({ description: 'Mã số (id) của hệ thống thông tin.', examples: ['42'] });

const orgParam = canonicalId
  .optional()
  .meta({
    description: 'Chỉ lấy dữ liệu của cơ quan, đơn vị có mã số này và các đơn vị trực thuộc. Cơ quan phải nằm trong phạm vi của khóa, nếu không API trả về 403.',
    examples: ['7'],
  });

const pageParam = digits(6)
  .optional()
  .meta({ description: 'Số trang, bắt đầu từ 1 (mặc định 1). Trang lớn hơn trang cuối được hiểu là trang cuối.', examples: ['2'] });

const perPageParam = digits(3)
  .refine((v) => Number(v) >= 1 && Number(v) <= MAX_PER_PAGE, 'api.error.perPage')
  .optional()
  .meta({ description: `Số bản ghi mỗi trang, từ 1 đến ${MAX_PER_PAGE} (mặc định ${MAX_PER_PAGE}).`, examples: ['50'] });

/** An optional day, YYYY-MM-DD and real (not 31 Feb). */
const dateParam = (description: string, example: string) =>
  z.iso.date('api.error.asOf').refine((v) => parseDateInput(v) !== null, 'api.error.asOf').optional().meta({ description, examples: [example] });

const asOfParam = dateParam('Ngày đánh giá, dạng YYYY-MM-DD (mặc định: hôm nay theo giờ Việt Nam).', '2026-12-15');

export const noParams = z.strictObject({});
export const systemParams = z.strictObject({ id: idParam });

export const systemsQuery = z.strictObject({
  q: z.string().max(200, 'api.error.tooLong').optional().meta({
    description: 'Tìm theo tên hoặc mã hệ thống, không phân biệt chữ hoa, chữ thường và dấu tiếng Việt (“so khoa hoc” tìm được “Sở Khoa học”).',
    examples: ['cổng dịch vụ công'],
  }),
  org: orgParam,
  level: z.enum(['1', '2', '3', '4', '5', 'none'], 'api.error.value').optional().meta({
    description: 'Cấp độ đã được phê duyệt (1–5); `none`: chưa có cấp độ được phê duyệt.',
    examples: ['3'],
  }),
  status: z.enum(LIFECYCLE_STATUSES, 'api.error.value').optional().meta({
    description: 'Tình trạng: `planned` kế hoạch, `under_construction` đang xây dựng, `in_operation` đang vận hành, `decommissioned` ngừng sử dụng.',
    examples: ['in_operation'],
  }),
  sector: z.enum([...PRIORITY_SECTORS, 'none'], 'api.error.value').optional().meta({
    description: 'Lĩnh vực ưu tiên theo Quyết định 632/QĐ-TTg; `none`: không thuộc lĩnh vực ưu tiên.',
    examples: ['health'],
  }),
  dossier: z.enum([...DOSSIER_STATUSES, 'none'], 'api.error.value').optional().meta({
    description: 'Tình trạng hồ sơ đề xuất cấp độ mới nhất: `draft` nháp, `submitted` đã trình, `appraised` đã thẩm định, `approved` đã phê duyệt, `rejected` bị trả lại; `none`: chưa có hồ sơ.',
    examples: ['submitted'],
  }),
  sort: z.enum(['name', 'code', 'level', 'status', 'goLive', 'updated'], 'api.error.value').optional().meta({
    description: 'Sắp xếp theo: `name` tên (mặc định), `code` mã, `level` cấp độ, `status` tình trạng, `goLive` ngày đưa vào vận hành, `updated` ngày cập nhật.',
    examples: ['level'],
  }),
  dir: z.enum(['asc', 'desc'], 'api.error.value').optional().meta({ description: 'Chiều sắp xếp: `asc` tăng dần (mặc định), `desc` giảm dần.', examples: ['desc'] }),
  page: pageParam,
  perPage: perPageParam,
});
export type SystemsQuery = z.output<typeof systemsQuery>;

export const systemGapsQuery = z.strictObject({ asOf: asOfParam });

export const scopeGapsQuery = z.strictObject({ asOf: asOfParam, org: orgParam, page: pageParam, perPage: perPageParam });

/** The longest window the due list is asked for: two years (it holds each duty's next date only). */
export const MAX_DUE_DAYS = 731;

const kindList = z
  .string()
  .regex(new RegExp(`^(${OBLIGATION_KINDS.join('|')})(,(${OBLIGATION_KINDS.join('|')}))*$`), 'api.error.value')
  .transform((v) => [...new Set(v.split(','))] as ObligationKind[])
  .optional()
  .meta({
    description: `Chỉ lấy các loại việc này, cách nhau bằng dấu phẩy: ${OBLIGATION_KINDS.map((k) => `\`${k}\``).join(', ')}.`,
    examples: ['assessment,assessment_report'],
  });

export const dueQuery = z.strictObject({
  from: dateParam('Ngày đầu của khoảng, dạng YYYY-MM-DD (mặc định: hôm nay theo giờ Việt Nam).', '2026-12-01'),
  to: dateParam(`Ngày cuối của khoảng (tính cả ngày này), dạng YYYY-MM-DD; không trước \`from\` và cách \`from\` không quá ${MAX_DUE_DAYS} ngày (mặc định: 90 ngày sau \`from\`).`, '2027-02-28'),
  kind: kindList,
  org: orgParam,
  page: pageParam,
  perPage: perPageParam,
});
export type DueQuery = z.output<typeof dueQuery>;

// ---- values

const isoDate = z.iso.date().meta({ description: 'Ngày, dạng YYYY-MM-DD.', examples: ['2026-12-15'] });
const timestamp = z.iso.datetime().meta({ description: 'Thời điểm theo giờ UTC (ISO 8601).', examples: ['2026-11-24T02:15:00.000Z'] });
const optDate = isoDate.nullable();
const optText = z.string().nullable();
const id = z.number().int().min(1);
const count = z.number().int().min(0);
const level = z.number().int().min(1).max(5);

/** A stored record as the API gives it: its id first, its fields, and when it was created and last changed. */
const record = <T extends z.ZodRawShape>(name: string, description: string, fields: T) =>
  named(name, z.object({ id, ...fields, createdAt: timestamp, updatedAt: timestamp }), description);
const ruleId = z.enum(RULE_IDS).meta({ description: 'Mã quy tắc.', examples: ['ASM-01'] });
const messageKey = z.string().meta({ description: 'Khóa thông điệp, để bên dùng API tự dịch.' });
const params = z.record(z.string(), z.union([z.string(), z.number()])).meta({
  description: 'Giá trị điền vào thông điệp (ngày dạng dd/mm/yyyy, số đếm là số), để bên dùng API tự dịch `messageKey`.',
});

export const Page = named(
  'Page',
  z.object({
    page: z.number().int().min(1).meta({ description: 'Trang hiện tại.', examples: [1] }),
    pages: z.number().int().min(1).meta({ description: 'Tổng số trang (ít nhất 1).', examples: [3] }),
    total: count.meta({ description: 'Tổng số bản ghi khớp với bộ lọc, trên mọi trang (bằng tiêu đề X-Total-Count).', examples: [245] }),
    perPage: z.number().int().min(1).max(MAX_PER_PAGE).meta({ description: 'Số bản ghi mỗi trang.', examples: [100] }),
  }),
  'Thông tin phân trang.',
);

export const OrgRef = named(
  'OrgRef',
  z.object({
    id,
    code: z.string().meta({ examples: ['BS-SYT'] }),
    nameVi: z.string().meta({ examples: ['Sở Y tế'] }),
    nameEn: optText.meta({ examples: ['Department of Health'] }),
  }),
  'Một cơ quan, đơn vị.',
);

// ---- systems

const systemFields = {
  id,
  code: z.string().meta({ description: 'Mã hệ thống, duy nhất.', examples: ['BS-HTTT-001'] }),
  nameVi: z.string().meta({ description: 'Tên tiếng Việt.', examples: ['Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Bình Sơn'] }),
  nameEn: optText.meta({ description: 'Tên tiếng Anh.' }),
  description: optText.meta({ description: 'Mô tả.' }),
  ownerId: id.meta({ description: 'Mã số chủ quản hệ thống.' }),
  operatorId: id.meta({ description: 'Mã số đơn vị vận hành.' }),
  securityUnitId: id.nullable().meta({ description: 'Mã số đơn vị chuyên trách về an toàn thông tin.' }),
  systemType: z.enum(SYSTEM_TYPES).meta({
    description: 'Loại hệ thống: `internal` phục vụ hoạt động nội bộ, `public_service` phục vụ người dân, doanh nghiệp, `infrastructure` cơ sở hạ tầng thông tin, `industrial_control` điều khiển công nghiệp, `other` loại khác.',
  }),
  prioritySector: z.enum(PRIORITY_SECTORS).nullable().meta({ description: 'Lĩnh vực ưu tiên theo Quyết định 632/QĐ-TTg, nếu có.' }),
  lifecycleStatus: z.enum(LIFECYCLE_STATUSES).meta({ description: 'Tình trạng: kế hoạch, đang xây dựng, đang vận hành, ngừng sử dụng.' }),
  goLiveDate: optDate.meta({ description: 'Ngày đưa vào vận hành.' }),
  hosting: z.enum(HOSTINGS).meta({ description: 'Nơi đặt hệ thống: hạ tầng của cơ quan, thuê trung tâm dữ liệu, điện toán đám mây.' }),
  separation: z.enum(SEPARATIONS).meta({ description: 'Tách biệt logic hoặc vật lý.' }),
  stateFunded: z.boolean().meta({ description: 'Đầu tư bằng ngân sách nhà nước.' }),
  nationalSecurityImportant: z.boolean().meta({ description: 'Thuộc (hoặc được đề xuất vào) danh mục hệ thống thông tin quan trọng về an ninh quốc gia.' }),
  decommissionedAt: optDate.meta({ description: 'Ngày ngừng sử dụng.' }),
  createdAt: timestamp,
  updatedAt: timestamp,
};

export const SystemListItem = named(
  'SystemListItem',
  z.object({
    ...systemFields,
    approvedLevel: level.nullable().meta({ description: 'Cấp độ đang có hiệu lực (quyết định phê duyệt gần nhất); null khi chưa có.', examples: [3] }),
    dossierStatus: z.enum(DOSSIER_STATUSES).nullable().meta({ description: 'Tình trạng hồ sơ đề xuất cấp độ mới nhất; null khi chưa có hồ sơ.' }),
    ownerName: z.string().meta({ description: 'Tên chủ quản.', examples: ['Văn phòng Ủy ban nhân dân tỉnh Bình Sơn'] }),
    operatorName: z.string().meta({ description: 'Tên đơn vị vận hành.', examples: ['Trung tâm Phục vụ hành chính công tỉnh Bình Sơn'] }),
  }),
  'Một hệ thống thông tin trong danh sách.',
);

export const SystemListBody = named(
  'SystemListBody',
  z.object({ data: z.array(SystemListItem), page: Page }),
  'Một trang danh sách hệ thống thông tin.',
);

export const Decision = record('Decision', 'Một quyết định (hồ sơ) xác định cấp độ.', {
  regime: z.enum(REGIMES).meta({ description: 'Văn bản áp dụng: `nd331` Nghị định 331/2026/NĐ-CP, `nd85` Nghị định 85/2016/NĐ-CP (hồ sơ cũ).' }),
  computedLevel: level.meta({ description: 'Cấp độ tối thiểu tính từ các tiêu chí.' }),
  proposedLevel: level.meta({ description: 'Cấp độ đề xuất (không thấp hơn cấp độ tính được).' }),
  proposalReason: optText.meta({ description: 'Lý do đề xuất cao hơn cấp độ tính được.' }),
  dossierStatus: z.enum(DOSSIER_STATUSES).meta({ description: 'Tình trạng hồ sơ.' }),
  submittedDate: optDate.meta({ description: 'Ngày trình.' }),
  appraisalBody: optText.meta({ description: 'Cơ quan thẩm định.' }),
  appraisalDate: optDate.meta({ description: 'Ngày thẩm định.' }),
  appraisalRef: optText.meta({ description: 'Số văn bản thẩm định.' }),
  approvalNumber: optText.meta({ description: 'Số quyết định phê duyệt.', examples: ['125/QĐ-UBND'] }),
  approvalDate: optDate.meta({ description: 'Ngày phê duyệt.' }),
  approvingBody: optText.meta({ description: 'Cơ quan phê duyệt.' }),
  regulationNumber: optText.meta({ description: 'Số quyết định ban hành quy chế bảo đảm an toàn, an ninh mạng.' }),
  regulationDate: optDate.meta({ description: 'Ngày ban hành quy chế.' }),
  rejectionReason: optText.meta({ description: 'Lý do trả lại hồ sơ.' }),
  answers: z.record(z.string(), z.unknown()).meta({ description: 'Các câu trả lời tiêu chí xác định cấp độ, như đã lưu.' }),
});

export const SystemBody = named(
  'SystemBody',
  z.object({
    data: z.object({
      ...systemFields,
      notes: optText.meta({ description: 'Ghi chú.' }),
      domesticProductsNote: optText.meta({ description: 'Ghi chú về sản phẩm an toàn thông tin trong nước (Chỉ thị 14/CT-TTg).' }),
      owner: OrgRef.nullable(),
      operator: OrgRef.nullable(),
      securityUnit: OrgRef.nullable(),
      level: level.nullable().meta({ description: 'Cấp độ đang có hiệu lực; null khi chưa có.', examples: [3] }),
      decision: Decision.nullable().meta({ description: 'Quyết định phê duyệt cấp độ đang có hiệu lực.' }),
      pendingDecision: Decision.nullable().meta({ description: 'Hồ sơ đề xuất đang xử lý, nếu có.' }),
    }),
  }),
  'Một hệ thống thông tin, các cơ quan liên quan và quyết định cấp độ đang có hiệu lực.',
);

export const DecisionListBody = named(
  'DecisionListBody',
  z.object({
    data: z.array(Decision).meta({ description: 'Mọi quyết định, mới nhất trước.' }),
    current: id.nullable().meta({ description: 'Mã số quyết định đang có hiệu lực; null khi chưa có.' }),
  }),
  'Lịch sử xác định cấp độ của một hệ thống.',
);

export const Assessment = record('Assessment', 'Một lần kiểm tra, đánh giá.', {
  kind: z.enum(ASSESSMENT_KINDS).meta({ description: 'Loại: `periodic` định kỳ, `ad_hoc` đột xuất, `pre_operation` trước khi đưa vào vận hành.' }),
  assessorId: id.meta({ description: 'Mã số tổ chức kiểm tra, đánh giá.' }),
  assessorName: z.string().meta({ examples: ['Công ty TNHH Kiểm định An toàn thông tin Trường An'] }),
  periodFrom: optDate,
  periodTo: optDate,
  plannedDate: optDate.meta({ description: 'Ngày dự kiến.' }),
  performedDate: optDate.meta({ description: 'Ngày thực hiện.' }),
  scope: z.object({ compliance: z.boolean(), effectiveness: z.boolean(), scanning: z.boolean(), pentest: z.boolean() }).meta({
    description: 'Nội dung: kiểm tra tuân thủ, đánh giá hiệu quả, rà quét lỗ hổng, kiểm thử xâm nhập.',
  }),
  testBox: z.enum(TEST_BOXES).nullable().meta({ description: 'Hình thức kiểm thử: hộp đen, hộp xám, hộp trắng.' }),
  result: z.enum(ASSESSMENT_RESULTS).nullable().meta({ description: 'Kết quả: đạt, đạt có phát hiện, không đạt.' }),
  reportRef: optText.meta({ description: 'Số báo cáo.' }),
  reportedDate: optDate.meta({ description: 'Ngày báo cáo kết quả cho cơ quan có thẩm quyền.' }),
  report: z
    .object({ fileName: z.string(), mime: z.string(), size: count, sha256: z.string().regex(/^[0-9a-f]{64}$/) })
    .nullable()
    .meta({ description: 'Tệp báo cáo đã tải lên (tải về qua giao diện web).' }),
  openFindings: count.meta({ description: 'Số phát hiện chưa khắc phục.' }),
  overdueFindings: count.meta({ description: 'Số phát hiện chưa khắc phục đã quá hạn.' }),
});

export const AssessmentListBody = named('AssessmentListBody', z.object({ data: z.array(Assessment) }), 'Các lần kiểm tra, đánh giá của một hệ thống, mới nhất trước.');

// ---- rule results

const FIXES = ['level', 'protection', 'assessments', 'operators', 'readiness', 'checklist', 'system', 'organisation'] as const satisfies readonly Fix[];

export const RuleResult = named(
  'RuleResult',
  z.object({
    rule: ruleId,
    state: z.enum(['gap', 'due_soon']).meta({ description: '`gap`: chưa đáp ứng; `due_soon`: sắp đến hạn.' }),
    severity: z.enum(SEVERITIES).nullable().meta({ description: 'Mức độ: `critical` nghiêm trọng, `high` cao, `medium` trung bình, `low` thấp.' }),
    dueDate: optDate.meta({ description: 'Hạn (sắp đến hạn) hoặc ngày đã bị lỡ (chưa đáp ứng), khi có.' }),
    citation: z.string().meta({ description: 'Căn cứ pháp lý.', examples: ['Nghị định 331/2026/NĐ-CP, Điều 32'] }),
    messageKey,
    params,
    message: z.string().meta({ description: 'Thông điệp bằng tiếng Việt.' }),
    fix: z.enum(FIXES).meta({ description: 'Trang của hệ thống (hoặc cơ quan) nơi khắc phục.' }),
  }),
  'Một tồn tại (chưa đáp ứng) hoặc một việc sắp đến hạn, theo bộ quy tắc.',
);

export const SystemGapsBody = named(
  'SystemGapsBody',
  z.object({
    asOf: isoDate.meta({ description: 'Ngày đánh giá.' }),
    system: z.object({ id, code: z.string(), nameVi: z.string() }),
    data: z.array(RuleResult),
  }),
  'Tồn tại và việc sắp đến hạn của một hệ thống, đúng như trang của hệ thống.',
);

export const EvaluatedSystem = named(
  'EvaluatedSystem',
  z.object({
    id,
    code: z.string(),
    nameVi: z.string(),
    nameEn: optText,
    ownerId: id,
    operatorId: id,
    lifecycleStatus: z.enum(LIFECYCLE_STATUSES),
    level: level.nullable().meta({ description: 'Cấp độ có hiệu lực vào ngày đánh giá.' }),
    regime: z.enum(REGIMES),
  }),
  'Hệ thống được đánh giá.',
);

export const ScopeGapsBody = named(
  'ScopeGapsBody',
  z.object({
    asOf: isoDate.meta({ description: 'Ngày đánh giá.' }),
    summary: z
      .object({
        systemsEvaluated: count,
        organisationsEvaluated: count,
        gap: count.meta({ description: 'Số tồn tại chưa đáp ứng.' }),
        dueSoon: count.meta({ description: 'Số việc sắp đến hạn.' }),
      })
      .meta({ description: 'Đếm trên toàn phạm vi (mọi trang).' }),
    systems: z.array(z.object({ system: EvaluatedSystem, results: z.array(RuleResult) })).meta({ description: 'Các hệ thống có tồn tại, theo trang.' }),
    organisations: z.array(z.object({ organisation: OrgRef, results: z.array(RuleResult) })).meta({ description: 'Mọi cơ quan có tồn tại (không phân trang).' }),
    page: Page,
  }),
  'Tồn tại của cả phạm vi, hoặc của một cơ quan và các đơn vị trực thuộc.',
);

// ---- what falls due

const SystemRef = named(
  'SystemRef',
  z.object({ id, code: z.string().meta({ examples: ['BS-HTTT-001'] }), nameVi: z.string(), nameEn: optText }),
  'Một hệ thống thông tin (mã số, mã, tên).',
);

export const DueItem = named(
  'DueItem',
  z.object({
    uid: z.string().meta({ description: 'Mã ổn định của việc: cùng việc, cùng hạn thì cùng mã (là UID của sự kiện trong lịch .ics).', examples: ['asm-2026-12-14-s42@capdo'] }),
    date: isoDate.meta({ description: 'Hạn; với việc đã quá hạn, ngày đã bị lỡ.' }),
    kind: z.enum(OBLIGATION_KINDS).meta({
      description: 'Loại việc: `assessment` kiểm tra, đánh giá; `assessment_report` gửi kết quả kiểm tra, đánh giá; `annual_report` báo cáo hằng năm; `notice` thông báo; `transition` thời hạn chuyển tiếp; `contract` hợp đồng giám sát hết hạn; `licence` giấy phép của nhà cung cấp hết hạn; `certificate` chứng nhận của cán bộ hết hạn; `knowledge_update` cập nhật kiến thức; `drill` diễn tập; `finding` hạn khắc phục phát hiện.',
    }),
    rule: ruleId,
    state: z.enum(['gap', 'due_soon', 'ok']).meta({ description: '`gap`: đã quá hạn; `due_soon`: sắp đến hạn (trong khoảng báo trước của quy tắc); `ok`: sắp tới.' }),
    overdue: z.boolean().meta({ description: 'Đã quá hạn (state là `gap`).' }),
    soon: z.boolean().meta({ description: 'Sắp đến hạn (state là `due_soon`).' }),
    days: z.number().int().meta({ description: 'Số ngày từ hôm nay đến hạn (âm: số ngày đã trễ).', examples: [12] }),
    severity: z.enum(SEVERITIES).meta({ description: 'Mức độ: `critical` nghiêm trọng, `high` cao, `medium` trung bình, `low` thấp.' }),
    citation: z.string().meta({ description: 'Căn cứ pháp lý.' }),
    messageKey,
    params,
    message: z.string().meta({ description: 'Việc cần làm, bằng tiếng Việt.' }),
    systems: z.array(SystemRef).meta({ description: 'Các hệ thống mà việc liên quan (giấy phép của một nhà cung cấp, chứng nhận của một cán bộ có thể liên quan nhiều hệ thống); rỗng với việc của một cơ quan.' }),
    organisation: OrgRef.nullable().meta({ description: 'Cơ quan có việc này (báo cáo hằng năm…); null với việc của hệ thống.' }),
    url: z.string().meta({ description: 'Trang trong Capdo nơi thực hiện việc (đường dẫn tương đối).', examples: ['/systems/42/assessments'] }),
  }),
  'Một việc đến hạn: lấy từ danh sách việc đến hạn duy nhất, như trang chủ, trang Lịch và lịch .ics.',
);

export const DueListBody = named(
  'DueListBody',
  z.object({
    asOf: isoDate.meta({ description: 'Ngày đánh giá (hôm nay): quá hạn, sắp đến hạn tính theo ngày này.' }),
    from: isoDate,
    to: isoDate,
    summary: z
      .object({
        overdue: count.meta({ description: 'Số việc đã quá hạn.' }),
        soon: count.meta({ description: 'Số việc sắp đến hạn.' }),
        total: count.meta({ description: 'Tổng số việc (bằng tiêu đề X-Total-Count).' }),
      })
      .meta({ description: 'Đếm trên toàn danh sách (mọi trang).' }),
    data: z.array(DueItem).meta({ description: 'Các việc, theo hạn rồi theo mức độ (nghiêm trọng trước).' }),
    page: Page,
  }),
  'Những việc đến hạn trong khoảng ngày đã cho và mọi việc đã quá hạn.',
);

// ---- operators

export const Operator = named(
  'Operator',
  z.object({
    assignmentId: id,
    operatorId: id,
    fullName: z.string().meta({ examples: ['Nguyễn Thị Lan'] }),
    position: optText.meta({ examples: ['Chuyên viên quản trị hệ thống'] }),
    role: z.enum(ASSIGNMENT_ROLES).meta({ description: 'Vai trò: `administrator` quản trị, `operator` vận hành, `security` bảo đảm an toàn thông tin.' }),
    fromDate: isoDate,
    toDate: optDate,
    active: z.boolean().meta({ description: 'Đang được phân công vào hôm nay.' }),
    readiness: z.object({
      certificate: z.enum(['valid', 'expiring', 'expired', 'suspended', 'revoked', 'none']).meta({
        description: 'Tình trạng chứng nhận: còn hiệu lực, sắp hết hạn, đã hết hạn, bị tạm đình chỉ, bị thu hồi, chưa có.',
      }),
      expiryDate: optDate,
      daysToExpiry: z.number().int().nullable().meta({ description: 'Số ngày đến khi hết hạn (âm: đã hết hạn).' }),
      lastUpdate: optDate.meta({ description: 'Lần cập nhật kiến thức gần nhất.' }),
      updateDue: optDate.meta({ description: 'Ngày cuối lần cập nhật kiến thức còn được tính.' }),
      updateOk: z.boolean(),
    }),
    badges: z.array(z.object({ key: z.string(), params: params.optional(), cls: z.string() })).meta({
      description: 'Nhãn hiển thị trên trang của hệ thống (khóa thông điệp và lớp CSS).',
    }),
  }),
  'Một cán bộ được phân công quản trị, vận hành hệ thống.',
);

export const HrRule = named(
  'HrRule',
  z.object({
    rule: z.enum(['HR-01', 'HR-02', 'HR-03']),
    state: z.enum(RULE_STATES).meta({ description: '`ok` đáp ứng, `due_soon` sắp đến hạn, `gap` chưa đáp ứng, `n/a` không áp dụng.' }),
    severity: z.enum(SEVERITIES).nullable(),
    dueDate: optDate,
    citation: z.string(),
    operatorIds: z.array(id).meta({ description: 'Những cán bộ mà kết quả nói đến.' }),
    messageKey: z.string(),
    params,
    message: z.string().meta({ description: 'Thông điệp bằng tiếng Việt.' }),
  }),
  'Kết quả một quy tắc về nhân lực (HR-01…HR-03).',
);

export const OperatorListBody = named(
  'OperatorListBody',
  z.object({
    asOf: isoDate.meta({ description: 'Hôm nay (ngày tính tình trạng).' }),
    level: level.nullable().meta({ description: 'Cấp độ đang có hiệu lực; null khi chưa có hoặc hệ thống đã ngừng sử dụng.' }),
    data: z.array(Operator),
    rules: z.array(HrRule),
  }),
  'Cán bộ quản trị, vận hành hệ thống và các quy tắc về nhân lực.',
);

// ---- the document itself and errors

export const OpenApiBody = named(
  'OpenApiBody',
  z.looseObject({
    openapi: z.literal('3.1.0'),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  }),
  'Tài liệu OpenAPI 3.1 này.',
);

export const ERROR_CODES = ['bad_request', 'unauthorized', 'forbidden', 'not_found', 'method_not_allowed', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const errorBody = <C extends ErrorCode>(code: C, description: string) =>
  named(
    `Error_${code}`,
    z.object({
      error: z.object({
        code: z.literal(code),
        message: z.string().meta({ description: 'Mô tả lỗi bằng tiếng Việt (có thể thay đổi; hãy dựa vào `code`).' }),
        field: z.string().optional().meta({ description: 'Tham số gây lỗi, khi có.' }),
      }),
    }),
    description,
  );

export const ErrorBodies = {
  bad_request: errorBody('bad_request', 'Tham số không hợp lệ hoặc không được hỗ trợ; `field` cho biết tham số nào.'),
  unauthorized: errorBody('unauthorized', 'Thiếu khóa, khóa sai định dạng, không tồn tại hoặc đã bị thu hồi.'),
  forbidden: errorBody('forbidden', 'Cơ quan được lọc (`org`) nằm ngoài phạm vi của khóa.'),
  not_found: errorBody('not_found', 'Hệ thống không tồn tại hoặc nằm ngoài phạm vi của khóa, hoặc đường dẫn không có.'),
  method_not_allowed: errorBody('method_not_allowed', 'API chỉ cho phép đọc (GET, HEAD).'),
  internal: errorBody('internal', 'Lỗi không lường trước của máy chủ.'),
} satisfies Record<ErrorCode, z.ZodType>;
/** Any of the error bodies: the code decides which. */
export type ErrorBody = { error: Omit<z.output<(typeof ErrorBodies)[ErrorCode]>['error'], 'code'> & { code: ErrorCode } };

// ---- the endpoints

export interface Operation<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  /** the path under /api/v1, in OpenAPI form ({id}) */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  params: P;
  query: Q;
  response: R;
  /** paged: Link and X-Total-Count headers */
  paged?: boolean;
  /** answered without a token */
  public?: boolean;
}

/** What an endpoint takes and answers: no path or query parameters, not paged, and only with a token, unless it says otherwise. */
interface Exchange<P extends z.ZodType, Q extends z.ZodType, R extends z.ZodType> {
  params?: P;
  query?: Q;
  response: R;
  paged?: true;
  public?: true;
}

/** An endpoint: where it is, what it takes and answers, and what the document says of it (a summary, a description). */
function operation<R extends z.ZodType, P extends z.ZodType = typeof noParams, Q extends z.ZodType = typeof noParams>(
  path: string, operationId: string, tag: string, exchange: Exchange<P, Q, R>, summary: string, description: string,
): Operation<P, Q, R> {
  // left out, P and Q are noParams's type (their defaults)
  const { params = noParams as z.ZodType as P, query = noParams as z.ZodType as Q, ...rest } = exchange;
  return { path, operationId, tag, summary, description, params, query, ...rest };
}

const TAG_SYSTEMS = 'Hệ thống thông tin';
const TAG_GAPS = 'Tồn tại';
const TAG_DUE = 'Việc đến hạn';

/** Every endpoint of the API: the routes register these, the document describes these. */
export const operations = {
  openapi: operation('/openapi.json', 'getOpenApi', 'Tài liệu', { response: OpenApiBody, public: true },
    'Tài liệu OpenAPI của API', 'Tài liệu này (OpenAPI 3.1), sinh từ chính các lược đồ mà API dùng để kiểm tra tham số và dựng câu trả lời. Không cần khóa.'),
  listSystems: operation('/systems', 'listSystems', TAG_SYSTEMS, { query: systemsQuery, response: SystemListBody, paged: true },
    'Danh sách hệ thống thông tin', 'Các hệ thống thông tin trong phạm vi của khóa, với các bộ lọc của trang danh sách, theo trang (mặc định 100 bản ghi mỗi trang).'),
  getSystem: operation('/systems/{id}', 'getSystem', TAG_SYSTEMS, { params: systemParams, response: SystemBody },
    'Một hệ thống thông tin', 'Thông tin của hệ thống, chủ quản, đơn vị vận hành, đơn vị chuyên trách và quyết định cấp độ đang có hiệu lực.'),
  listDecisions: operation('/systems/{id}/decisions', 'listDecisions', TAG_SYSTEMS, { params: systemParams, response: DecisionListBody },
    'Lịch sử xác định cấp độ', 'Mọi quyết định (hồ sơ) xác định cấp độ của hệ thống, mới nhất trước.'),
  listAssessments: operation('/systems/{id}/assessments', 'listAssessments', TAG_SYSTEMS, { params: systemParams, response: AssessmentListBody },
    'Các lần kiểm tra, đánh giá', 'Các lần kiểm tra, đánh giá của hệ thống, với số phát hiện chưa khắc phục và quá hạn.'),
  listOperators: operation('/systems/{id}/operators', 'listOperators', TAG_SYSTEMS, { params: systemParams, response: OperatorListBody },
    'Cán bộ quản trị, vận hành', 'Những cán bộ được phân công cho hệ thống, tình trạng chứng nhận, cập nhật kiến thức và các quy tắc HR-01…HR-03, tính đến hôm nay.'),
  systemGaps: operation('/systems/{id}/gaps', 'systemGaps', TAG_GAPS, { params: systemParams, query: systemGapsQuery, response: SystemGapsBody },
    'Tồn tại của một hệ thống', 'Tồn tại và việc sắp đến hạn của hệ thống vào một ngày, đúng như trang của hệ thống hiển thị.'),
  scopeGaps: operation('/gaps', 'scopeGaps', TAG_GAPS, { query: scopeGapsQuery, response: ScopeGapsBody, paged: true },
    'Tồn tại của cả phạm vi', 'Tồn tại của mọi hệ thống trong phạm vi của khóa (hoặc của một cơ quan và các đơn vị trực thuộc) vào một ngày: các hệ thống có tồn tại theo trang, mọi cơ quan có tồn tại, và phần tổng hợp đếm trên toàn phạm vi.'),
  dueList: operation('/due', 'dueList', TAG_DUE, { query: dueQuery, response: DueListBody, paged: true },
    'Những việc đến hạn', 'Danh sách việc đến hạn duy nhất của Capdo (kiểm tra, đánh giá và gửi kết quả, báo cáo, thông báo, thời hạn chuyển tiếp, hợp đồng giám sát, giấy phép, chứng nhận, cập nhật kiến thức, diễn tập, hạn khắc phục phát hiện) trong phạm vi của khóa hoặc của một cơ quan và các đơn vị trực thuộc: mọi việc có hạn từ `from` đến `to` và mọi việc đã quá hạn, theo hạn rồi theo mức độ. Đúng những việc mà trang chủ, trang Lịch, lịch .ics và tệp xuất hiển thị (mặc định 90 ngày tới).'),
};
