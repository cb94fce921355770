// The API's OpenAPI 3.1 document, generated from the operations and zod schemas of api.schemas.ts (zod's
// own JSON Schema output): the parameters from what the routes parse, the bodies from what the services
// return. Served at /api/v1/openapi.json; test/http/api.test.ts validates it and every answer against it.
import { z } from 'zod';
import { jsonBody, type JsonBody } from './api.body.js';
import { apiSchemas, ErrorBodies, MAX_PER_PAGE, operations, type ErrorCode, type Operation } from './api.schemas.js';

type Json = Record<string, unknown>;

const ref = (kind: 'schemas' | 'responses' | 'headers' | 'parameters', name: string) => ({ $ref: `#/components/${kind}/${name}` });

/** The registered name of a body schema (every answer is a named component). */
function nameOf(schema: z.ZodType): string {
  const id = apiSchemas.get(schema)?.id;
  if (!id) throw new Error('an API body schema is not registered in apiSchemas');
  return id;
}

/** zod's JSON Schema without what belongs to a standalone document, nor the safe-integer bounds it adds. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$schema' || k === '$id') continue;
    if ((k === 'minimum' && v === Number.MIN_SAFE_INTEGER) || (k === 'maximum' && v === Number.MAX_SAFE_INTEGER)) continue;
    out[k] = tidy(v);
  }
  return out;
}

/** The path and query parameters of an operation, each with its description and an example. */
function parametersOf(op: Operation): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [['path', op.params], ['query', op.query]] as const) {
    const json = tidy(z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' })) as { properties?: Record<string, Json>; required?: string[] };
    const shape = (schema as z.ZodType as z.ZodObject).shape;
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      // the field's own metadata: zod leaves the examples of a transformed field out of its input schema
      const { description, examples } = (shape[name]?.meta() ?? {}) as { description?: string; examples?: unknown[] };
      const { description: _d, examples: _e, ...rest } = prop;
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
        ...(examples?.length ? { example: examples[0] } : {}),
      });
    }
  }
  return out;
}

const ERROR_RESPONSES: Record<number, { name: string; code: ErrorCode; description: string; example: string; field?: string; headers?: string[] }> = {
  400: { name: 'BadRequest', code: 'bad_request', description: 'Tham số không hợp lệ hoặc không được hỗ trợ (mọi tham số lạ đều bị từ chối); `field` cho biết tham số nào.', example: 'Tham số asOf phải là một ngày có thật, dạng YYYY-MM-DD.', field: 'asOf' },
  401: { name: 'Unauthorized', code: 'unauthorized', description: 'Thiếu khóa, khóa sai định dạng, không tồn tại hoặc đã bị thu hồi.', example: 'Khóa API không hợp lệ hoặc đã bị thu hồi.', headers: ['WWW-Authenticate'] },
  403: { name: 'Forbidden', code: 'forbidden', description: 'Cơ quan được lọc (`org`) nằm ngoài phạm vi của khóa.', example: 'Tham số org chỉ tới một cơ quan, đơn vị nằm ngoài phạm vi của khóa.', field: 'org' },
  404: { name: 'NotFound', code: 'not_found', description: 'Hệ thống không tồn tại hoặc nằm ngoài phạm vi của khóa (hai trường hợp được trả lời như nhau).', example: 'Không tìm thấy: bản ghi không tồn tại hoặc nằm ngoài phạm vi của khóa.' },
  405: { name: 'MethodNotAllowed', code: 'method_not_allowed', description: 'API chỉ cho phép đọc: mọi phương thức khác GET và HEAD đều bị từ chối, trước cả khi kiểm tra khóa.', example: 'API chỉ cho phép đọc (GET, HEAD).', headers: ['Allow'] },
  500: { name: 'InternalError', code: 'internal', description: 'Lỗi không lường trước của máy chủ.', example: 'Máy chủ gặp lỗi không lường trước; vui lòng thử lại sau.' },
};

const HEADERS: Record<string, Json> = {
  ETag: {
    description: 'Phiên bản của câu trả lời. Gửi lại trong tiêu đề If-None-Match: nếu dữ liệu không đổi, API trả về 304 không có nội dung.',
    required: true,
    schema: { type: 'string' },
    example: '"kq3J0m2Yw7cV1oQe9k1rQ8w5mJw"',
  },
  Link: {
    description: 'Liên kết đến các trang khác với cùng tham số (RFC 8288): `rel="next"` trang sau (khi còn), `rel="prev"` trang trước (khi có), `rel="first"` và `rel="last"`.',
    required: true,
    schema: { type: 'string' },
    example: '</api/v1/systems?level=3&page=3>; rel="next", </api/v1/systems?level=3&page=1>; rel="prev", </api/v1/systems?level=3&page=1>; rel="first", </api/v1/systems?level=3&page=4>; rel="last"',
  },
  'X-Total-Count': {
    description: 'Tổng số bản ghi khớp với bộ lọc, trên mọi trang.',
    required: true,
    schema: { type: 'integer', minimum: 0 },
    example: 245,
  },
  'WWW-Authenticate': { description: 'Cách xác thực: khóa Bearer.', required: true, schema: { type: 'string' }, example: 'Bearer realm="capdo", error="invalid_token"' },
  Allow: { description: 'Các phương thức được phép.', required: true, schema: { type: 'string' }, example: 'GET, HEAD' },
};

const REFUSED_METHODS = ['post', 'put', 'patch', 'delete'] as const;

function operationObject(op: Operation): Json {
  const parameters = parametersOf(op);
  const has = (name: string) => parameters.some((p) => p.name === name);
  const responses: Json = {
    200: {
      description: op.summary,
      headers: { ETag: ref('headers', 'ETag'), ...(op.paged ? { Link: ref('headers', 'Link'), 'X-Total-Count': ref('headers', 'X-Total-Count') } : {}) },
      content: { 'application/json': { schema: ref('schemas', nameOf(op.response)) } },
    },
    304: ref('responses', 'NotModified'),
    400: ref('responses', 'BadRequest'),
    ...(op.public ? {} : { 401: ref('responses', 'Unauthorized') }),
    ...(has('org') ? { 403: ref('responses', 'Forbidden') } : {}),
    ...(has('id') ? { 404: ref('responses', 'NotFound') } : {}),
    500: ref('responses', 'InternalError'),
  };
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    ...(op.public ? { security: [] } : {}),
    parameters: [...parameters, ref('parameters', 'IfNoneMatch')],
    responses,
  };
}

function buildDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const op of Object.values(operations) as Operation[]) {
    const item: Json = { get: operationObject(op) };
    for (const method of REFUSED_METHODS) {
      item[method] = {
        tags: [op.tag],
        summary: 'Không hỗ trợ: API chỉ đọc',
        description: 'Mọi phương thức khác GET và HEAD đều bị từ chối với mã 405, không cần khóa.',
        security: [],
        responses: { 405: ref('responses', 'MethodNotAllowed') },
      };
    }
    paths[op.path] = item;
  }

  const { schemas } = z.toJSONSchema(apiSchemas, { target: 'draft-2020-12', io: 'output', uri: (id) => `#/components/schemas/${id}` });
  const responses: Record<string, Json> = {
    NotModified: {
      description: 'Không thay đổi: ETag trong If-None-Match vẫn là phiên bản hiện tại; không có nội dung.',
      headers: { ETag: ref('headers', 'ETag') },
    },
  };
  for (const e of Object.values(ERROR_RESPONSES)) {
    responses[e.name] = {
      description: e.description,
      ...(e.headers ? { headers: Object.fromEntries(e.headers.map((h) => [h, ref('headers', h)])) } : {}),
      content: {
        'application/json': {
          schema: ref('schemas', nameOf(ErrorBodies[e.code])),
          example: { error: { code: e.code, message: e.example, ...(e.field ? { field: e.field } : {}) } },
        },
      },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Capdo API',
      version: '1',
      summary: 'API JSON chỉ đọc của sổ đăng ký cấp độ an toàn hệ thống thông tin',
      description: [
        'API JSON chỉ đọc để các hệ thống khác (cổng dữ liệu của tỉnh, công cụ báo cáo của bộ) đọc sổ đăng ký: hệ thống thông tin, quyết định cấp độ, kiểm tra đánh giá, cán bộ vận hành, tồn tại theo bộ quy tắc và những việc đến hạn.',
        '',
        '**Xác thực.** Quản trị viên tạo khóa ở trang *Khóa API* (`/api-tokens`) cho một cơ quan trong phạm vi của mình; khóa chỉ đọc được dữ liệu của cơ quan đó và các đơn vị trực thuộc, và chỉ hiển thị một lần. Gửi khóa trong tiêu đề `Authorization: Bearer <khóa>`.',
        '',
        `**Phân trang.** Danh sách trả về ${MAX_PER_PAGE} bản ghi mỗi trang (tham số \`page\`, \`perPage\`), có đối tượng \`page\` trong nội dung, tiêu đề \`X-Total-Count\` (tổng số bản ghi) và \`Link\` (\`rel="next"\`, \`rel="prev"\`, \`rel="first"\`, \`rel="last"\`, cùng các tham số lọc).`,
        '',
        '**Bộ nhớ đệm.** Mọi câu trả lời 200 có `ETag`; gửi lại trong `If-None-Match` để nhận 304 khi dữ liệu không đổi.',
        '',
        '**Lỗi.** Luôn là JSON `{"error": {"code", "message", "field"?}}`; `message` bằng tiếng Việt. Tham số không có trong tài liệu này bị từ chối (400). Ngày dạng `YYYY-MM-DD`, thời điểm theo UTC.',
      ].join('\n'),
    },
    servers: [{ url: '/api/v1', description: 'Máy chủ Capdo này' }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'Hệ thống thông tin', description: 'Sổ đăng ký hệ thống thông tin và hồ sơ của từng hệ thống.' },
      { name: 'Tồn tại', description: 'Tồn tại và việc sắp đến hạn theo bộ quy tắc, vào một ngày bất kỳ.' },
      { name: 'Việc đến hạn', description: 'Danh sách việc đến hạn: cùng một danh sách với trang chủ, trang Lịch, lịch .ics và tệp xuất.' },
      { name: 'Tài liệu', description: 'Tài liệu của API.' },
    ],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'Khóa API 43 ký tự, do quản trị viên tạo ở trang Khóa API (/api-tokens); có thể thu hồi bất cứ lúc nào.',
        },
      },
      schemas: tidy(schemas),
      responses,
      headers: HEADERS,
      parameters: {
        IfNoneMatch: {
          name: 'If-None-Match',
          in: 'header',
          required: false,
          description: 'ETag của câu trả lời đã có; nếu dữ liệu không đổi, API trả về 304.',
          schema: { type: 'string' },
          example: '"kq3J0m2Yw7cV1oQe9k1rQ8w5mJw"',
        },
      },
    },
  };
}

let document: JsonBody | undefined;

/** The document, built and serialised once per process (it changes only with the code). */
export function openApiDocument(): JsonBody {
  return (document ??= jsonBody(buildDocument()));
}
