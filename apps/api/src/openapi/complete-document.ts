import { requestSchemas } from '../consultations/openapi.schemas';
import { ERROR_MEANINGS, errorResponse, errorSchemas } from './error.schemas';
import { OperationSpec, operations } from './operations';
import { responseSchemas } from './response.schemas';
import { JsonSchema, SCHEMAS, ref } from './schema-dsl';

interface Parameter { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema }
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string; content?: unknown }>;
  security?: Record<string, string[]>[];
  [key: string]: unknown;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown>; [key: string]: unknown };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const JSON_TYPE = 'application/json';

/**
 * Completes the document Nest builds from the controllers: OpenAPI 3.1, a schema for every
 * request and response body (errors included), typed query parameters, and only the
 * schemas the API uses. Routes missing from the operations table still get the error answers.
 */
export function completeOpenApiDocument<T extends object>(document: T): T {
  const doc = document as unknown as Document;
  const table = operations();
  doc.openapi = '3.1.0';
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, ...errorSchemas, ...requestSchemas(), ...responseSchemas() },
  };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) if (item[method]) completeOperation(item[method], table[`${method} ${path}`], path);
  }
  doc.paths['/metrics'] ??= { get: metricsOperation() };
  pruneSchemas(doc);
  return document;
}

function completeOperation(op: Operation, spec: OperationSpec | undefined, path: string): void {
  const nest = Object.fromEntries(Object.entries(op.responses ?? {}).filter(([, r]) => r.content));
  if (!spec) {
    op.responses = { ...errors(path.startsWith('/api/') ? [400, 401, 429] : []), ...op.responses };
    return;
  }
  op.operationId = spec.operationId;
  if (spec.body) op.requestBody = { required: true, content: { [JSON_TYPE]: { schema: ref(spec.body) } } };
  op.parameters = parameters(op.parameters ?? [], spec);
  const other = Object.fromEntries((spec.other ?? []).map((o) => [o.status, { description: o.description, content: json(o.schema) }]));
  op.responses = { ...nest, [spec.ok.status]: success(spec), ...other, ...errors(spec.errors) };
  op.security = spec.auth === 'public' ? [{}, { bearer: [] }] : spec.auth === 'token' ? [{ bearer: [] }] : [];
}

/** Path and header parameters as the controllers declare them; query parameters from the table. */
function parameters(declared: Parameter[], spec: OperationSpec): Parameter[] {
  const kept = declared.filter((p) => p.in !== 'query' && p.name !== 'Idempotency-Key');
  for (const p of kept) if (p.in === 'path') p.schema = { type: 'string', minLength: 1, maxLength: 200 };
  const query = Object.entries(spec.query ?? {}).map(([name, q]) => ({ name, in: 'query', required: q.required ?? false, description: q.description, schema: q.schema }));
  const idempotency: Parameter[] = spec.idempotent
    ? [{ name: 'Idempotency-Key', in: 'header', required: false, description: 'a retry with the same key gets the first answer; another body with it: 422', schema: { type: 'string', minLength: 1, maxLength: 200 } }]
    : [];
  return [...kept, ...query, ...idempotency];
}

function success(spec: OperationSpec): JsonSchema {
  const content = spec.ok.contentType ? { [spec.ok.contentType]: { schema: ref(spec.ok.schema) } } : json(spec.ok.schema);
  const response: JsonSchema = { description: spec.ok.description, content };
  if (spec.readModel) {
    response.headers = {
      'X-Read-Model-Stale': {
        description: 'present when the read models could not catch up in time: `<checkpoint position>/<head position>`',
        schema: { type: 'string', pattern: '^\\d+/\\d+$' },
      },
    };
  }
  return response;
}

const json = (schema: string) => ({ [JSON_TYPE]: { schema: ref(schema) } });

function errors(statuses: number[]): Record<string, JsonSchema> {
  return Object.fromEntries(statuses.filter((s) => ERROR_MEANINGS[s]).map((s) => [String(s), errorResponse(s)]));
}

function metricsOperation(): Operation {
  return {
    operationId: 'getMetrics', summary: 'Prometheus metrics', tags: ['operations'], security: [],
    responses: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } },
  };
}

/** Drops schemas nothing refers to (internal classes) and references to schemas that do not exist. */
function pruneSchemas(doc: Document): void {
  const schemas = doc.components?.schemas ?? {};
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    for (const name of refsIn(node)) {
      if (used.has(name) || !schemas[name]) continue;
      used.add(name);
      visit(schemas[name]);
    }
  };
  visit({ ...doc, components: { ...doc.components, schemas: undefined } });
  doc.components!.schemas = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  dropDanglingRefs(doc, doc.components!.schemas);
}

function refsIn(node: unknown): string[] {
  return [...JSON.stringify(node ?? null).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
}

function dropDanglingRefs(node: unknown, schemas: Record<string, unknown>): void {
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  const target = typeof record.$ref === 'string' && record.$ref.startsWith(SCHEMAS) ? record.$ref.slice(SCHEMAS.length) : undefined;
  // A rule the converters do not know must not make the whole document invalid: it reads as "any value".
  if (target !== undefined && !schemas[target]) delete record.$ref;
  for (const value of Object.values(record)) dropDanglingRefs(value, schemas);
}
