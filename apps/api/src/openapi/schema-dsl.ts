/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it). */
export type JsonSchema = Record<string, unknown>;

/** Where component schemas live in the document. */
export const SCHEMAS = '#/components/schemas/';

/** A reference to a component schema. */
export const ref = (name: string): JsonSchema => ({ $ref: SCHEMAS + name });

export const string: JsonSchema = { type: 'string' };
export const integer: JsonSchema = { type: 'integer' };
export const boolean: JsonSchema = { type: 'boolean' };
/** An ISO 8601 instant with an offset, as the engine reads and writes every time. */
export const instant: JsonSchema = { type: 'string', format: 'date-time' };
/** Event data and the like: a JSON object whose fields depend on its type. */
export const anyObject: JsonSchema = { type: 'object', additionalProperties: true };

export const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
export const oneOfValues = (values: readonly string[]): JsonSchema => ({ type: 'string', enum: [...values] });

/** `schema` or JSON `null`. */
export function orNull(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string' && !schema.$ref) return { ...schema, type: [schema.type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}

/** An object with these required and optional properties (the API may add properties later). */
export function object(required: Record<string, JsonSchema>, optional: Record<string, JsonSchema> = {}, description?: string): JsonSchema {
  return {
    type: 'object',
    ...(description && { description }),
    required: Object.keys(required),
    properties: { ...required, ...optional },
  };
}

/** `{en: "...", ar: "..."}`: a text in one or more languages (as the API validates it). */
export function localizedTextSchema(maxLength = 500, requireEnglish = false): JsonSchema {
  return {
    type: 'object',
    description: `a text by language code, e.g. {"en": "...", "ar": "..."}${requireEnglish ? '; `en` is required' : ''}`,
    ...(requireEnglish && { required: ['en'] }),
    minProperties: 1,
    maxProperties: 20,
    propertyNames: { pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$' },
    additionalProperties: { type: 'string', minLength: 1, maxLength },
  };
}

/** A localized text as the API answers it. */
export const localizedText: JsonSchema = localizedTextSchema();
