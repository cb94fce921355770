// The API's contract in tests: the OpenAPI document the app serves, checked with an OpenAPI validator, and
// every answer a test receives checked against it with ajv (status documented for the path and method,
// required headers present and well-formed, body valid against its schema). `wrap` does this for a
// supertest request, so a test that only meant to check one field still proves the whole answer.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import request, { type Response, type Test } from 'supertest';
import type { App } from './app.js';

type Json = Record<string, unknown>;
interface Header {
  required?: boolean;
  schema: Json;
}
interface ResponseObject {
  description: string;
  headers?: Record<string, Header | { $ref: string }>;
  content?: Record<string, { schema: { $ref?: string } }>;
}
interface OperationObject {
  responses: Record<string, ResponseObject | { $ref: string }>;
}
export interface OpenApiDocument {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, OperationObject>>;
  components: Json & { schemas: Record<string, Json> };
}

// ajv-formats is CommonJS: under Node's ESM its default export is the module, whose `default` is the plugin
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((formatsPlugin as unknown as { default?: FormatsPlugin }).default ?? formatsPlugin) as unknown as FormatsPlugin;

const DOC_ID = 'openapi.json';

export class ApiContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ path: string; re: RegExp }>;
  private readonly base: string;
  /** every `METHOD path status` answered so far, for the coverage check */
  readonly seen = new Set<string>();

  constructor(readonly doc: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema(doc as unknown as Json, DOC_ID);
    this.base = doc.servers[0]!.url;
    this.templates = Object.keys(doc.paths).map((path) => ({
      path,
      re: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
    }));
  }

  /** Fetches the document from the app (without a token) and checks that answer too. */
  static async load(app: App): Promise<ApiContract> {
    const res = await request(app).get('/api/v1/openapi.json');
    if (res.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
    const contract = new ApiContract(res.body as OpenApiDocument);
    contract.check('GET', '/api/v1/openapi.json', res);
    return contract;
  }

  /** The document against the OpenAPI 3.1 schema. */
  async validateDocument(): Promise<{ valid: boolean; errors?: unknown }> {
    return new Validator().validate(this.doc as unknown as Json);
  }

  private resolve<T>(node: T | { $ref: string }): T {
    const r = (node as { $ref?: string }).$ref;
    if (!r) return node as T;
    return r.slice(2).split('/').reduce<unknown>((n, k) => (n as Json)[k.replace(/~1/g, '/').replace(/~0/g, '~')], this.doc) as T;
  }

  private validator(schemaRef: string): ValidateFunction {
    let v = this.validators.get(schemaRef);
    if (!v) {
      v = this.ajv.compile({ $ref: `${DOC_ID}${schemaRef}` });
      this.validators.set(schemaRef, v);
    }
    return v;
  }

  /** The documented path template of a URL under the API, or undefined. */
  templateOf(url: string): string | undefined {
    const path = new URL(url, 'http://x').pathname;
    if (!path.startsWith(this.base)) return undefined;
    const rest = path.slice(this.base.length);
    return this.templates.find((t) => t.re.test(rest))?.path;
  }

  /** Throws unless the answer is what the document says `method url` answers with this status. */
  check(method: string, url: string, res: Pick<Response, 'status' | 'headers' | 'body' | 'text'>): void {
    const where = `${method} ${url} → ${res.status}`;
    const template = this.templateOf(url);
    if (!template) {
      // only an unknown path may be undocumented, and it answers a JSON error
      if (res.status !== 404 && res.status !== 401 && res.status !== 405) throw new Error(`${where}: path not in the document`);
      this.validateBody(where, res, `#/components/schemas/Error_${res.status === 404 ? 'not_found' : res.status === 401 ? 'unauthorized' : 'method_not_allowed'}`);
      return;
    }
    const m = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    const op = this.doc.paths[template]![m];
    if (!op) throw new Error(`${where}: method not in the document`);
    const documented = op.responses[String(res.status)];
    if (!documented) throw new Error(`${where}: status not documented (documented: ${Object.keys(op.responses).join(', ')})`);
    this.seen.add(`${m.toUpperCase()} ${template} ${res.status}`);
    const response = this.resolve(documented);
    for (const [name, h] of Object.entries(response.headers ?? {})) {
      const header = this.resolve(h as Header | { $ref: string });
      const value = res.headers[name.toLowerCase()] as string | undefined;
      if (value === undefined) {
        if (header.required) throw new Error(`${where}: required header ${name} missing`);
        continue;
      }
      const typed = header.schema.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
      const v = this.ajv.compile(header.schema);
      if (!v(typed)) throw new Error(`${where}: header ${name}=${value}: ${this.ajv.errorsText(v.errors)}`);
    }
    const content = response.content;
    if (m !== method.toLowerCase()) return; // HEAD: the headers of a GET, no body
    if (!content) {
      if (res.text) throw new Error(`${where}: a body where the document says there is none`);
      return;
    }
    const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
    const media = content[type];
    if (!media) throw new Error(`${where}: content type ${type} not documented (${Object.keys(content).join(', ')})`);
    if (!media.schema.$ref) throw new Error(`${where}: the document's schema should be a named component`);
    this.validateBody(where, res, media.schema.$ref);
  }

  /** Null when `value` matches the schema at `schemaRef` of the document, else ajv's explanation. */
  mismatch(schemaRef: string, value: unknown): string | null {
    const v = this.validator(schemaRef);
    return v(value) ? null : this.ajv.errorsText(v.errors);
  }

  private validateBody(where: string, res: Pick<Response, 'body'>, schemaRef: string): void {
    const v = this.validator(schemaRef);
    if (!v(res.body)) throw new Error(`${where}: body does not match ${schemaRef}: ${this.ajv.errorsText(v.errors, { separator: '\n' })}`);
  }

  /** A supertest request whose answer is checked against the document when it arrives. */
  wrap<T extends Test>(test: T): T {
    const t = test as T & { method: string; url: string };
    const then = t.then.bind(t);
    t.then = ((resolve, reject) =>
      then((res: Response) => {
        this.check(t.method, t.url, res);
        return res;
      }).then(resolve, reject)) as T['then'];
    return t;
  }

  /** The operations that answer data (the document's GETs), as `GET /path`. */
  reads(): string[] {
    return Object.entries(this.doc.paths).flatMap(([path, item]) => (item.get ? [`GET ${path}`] : []));
  }

  /** Every documented `METHOD path status` (500 aside: no test can make the server fail on purpose). */
  documented(): string[] {
    const out: string[] = [];
    for (const [path, item] of Object.entries(this.doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const status of Object.keys(op.responses)) if (status !== '500') out.push(`${method.toUpperCase()} ${path} ${status}`);
      }
    }
    return out;
  }
}

/** The routes an Express router registers, as `METHOD /path/{param}` (the document's spelling). */
export function routesOf(router: unknown): string[] {
  const stack = (router as { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> }).stack;
  return stack.flatMap(({ route }) =>
    route ? Object.keys(route.methods).filter((m) => m !== '_all').map((m) => `${m.toUpperCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`) : [],
  );
}
