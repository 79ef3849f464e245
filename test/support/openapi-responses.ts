import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** An OpenAPI 3.1 document as `/api/docs-json` serves it. */
export interface OpenApiSpec {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>>;
  components?: { schemas?: Record<string, object> };
}

interface Checker { ajv: Ajv2020; validators: Map<string, ValidateFunction> }
const checkers = new WeakMap<OpenApiSpec, Checker>();

/**
 * Fails unless `body` is what the spec documents for `method pathTemplate` answering `status`.
 * Checked strictly: a property the spec does not document is an error too, so the spec stays
 * complete (the published document itself leaves objects open, for clients to tolerate additions).
 */
export function expectMatchesSpec(spec: OpenApiSpec, method: string, pathTemplate: string, status: number, body: unknown): void {
  const operation = spec.paths[pathTemplate]?.[method.toLowerCase()];
  if (!operation) throw new Error(`the spec has no operation ${method.toUpperCase()} ${pathTemplate}`);
  const response = operation.responses?.[String(status)] ?? operation.responses?.default;
  if (!response) throw new Error(`${method.toUpperCase()} ${pathTemplate} answered ${status}, which the spec does not document`);
  if (!response.content?.['application/json']?.schema) throw new Error(`${method.toUpperCase()} ${pathTemplate} ${status} has no JSON schema in the spec`);
  const pointer = ['paths', pathTemplate, method.toLowerCase(), 'responses', response === operation.responses?.default ? 'default' : String(status), 'content', 'application/json', 'schema'];
  expectValid(spec, pointer, body, `${method.toUpperCase()} ${pathTemplate} ${status}`);
}

/** Fails unless `value` matches the component schema `name` (strictly, as above). */
export function expectMatchesSchema(spec: OpenApiSpec, name: string, value: unknown): void {
  expectValid(spec, ['components', 'schemas', name], value, `schema ${name}`);
}

/** True when `value` matches the component schema `name` (strictly). */
export function matchesSchema(spec: OpenApiSpec, name: string, value: unknown): boolean {
  return validatorAt(spec, ['components', 'schemas', name])(value) as boolean;
}

function expectValid(spec: OpenApiSpec, pointer: string[], value: unknown, what: string): void {
  const validate = validatorAt(spec, pointer);
  if (validate(value)) return;
  const problems = (validate.errors ?? []).slice(0, 10).map((e) => `  ${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`);
  throw new Error(`${what}: the body does not match the spec\n${problems.join('\n')}\nbody: ${JSON.stringify(value).slice(0, 1500)}`);
}

function validatorAt(spec: OpenApiSpec, pointer: string[]): ValidateFunction {
  const checker = checkerFor(spec);
  const ref = 'openapi.json#/' + pointer.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
  let validate = checker.validators.get(ref);
  if (!validate) {
    validate = checker.ajv.compile({ $ref: ref });
    checker.validators.set(ref, validate);
  }
  return validate;
}

function checkerFor(spec: OpenApiSpec): Checker {
  let checker = checkers.get(spec);
  if (!checker) {
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; the document's other keys are not keywords.
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    ajv.addSchema({ ...(strictCopy(spec) as object), $id: 'openapi.json' });
    checker = { ajv, validators: new Map() };
    checkers.set(spec, checker);
  }
  return checker;
}

/** A copy in which every object schema refuses undocumented properties; `discriminator` is only a hint (oneOf decides). */
function strictCopy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictCopy);
  if (typeof node !== 'object' || node === null) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'discriminator') copy[key] = key === 'properties' ? mapValues(value as Record<string, unknown>) : strictCopy(value);
  }
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

function mapValues(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, strictCopy(schema)]));
}
