import 'reflect-metadata';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { LaunchConsultationDto, SubmitContributionDto } from '@consult/consultation';
import { WorkflowDefinition, workflows } from '@consult/workflows';
import { JsonSchema, SCHEMAS, instant, localizedTextSchema, object, ref } from '../openapi/schema-dsl';
import { latestWorkflows, pascal } from '../openapi/view.schemas';

// `@Type(() => PhaseDto)` lives in class-transformer's storage, which its package exports untyped.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

type ObjectSchema = { type: 'object'; properties: Record<string, JsonSchema>; required?: string[]; additionalProperties?: unknown };

/** Rules class-validator-jsonschema does not know, or renders in a way the API does not mean. */
const CONVERTERS = {
  // The engine takes instants with an offset only, never bare dates.
  isInstant: { ...instant, maxLength: 40 },
  isIso8601: instant,
  isLocalizedText: (meta: ValidationMetadata) => localizedTextSchema(maxLengthOf(meta), true),
  isLocalisedText: (meta: ValidationMetadata) => localizedTextSchema(maxLengthOf(meta)),
  isDuration: { type: 'string', maxLength: 40, pattern: '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$', description: 'ISO 8601 duration, e.g. P7D' },
  // A custom rule says nothing about the type unless the property is a primitive: never a $ref to `Object`.
  customValidation: (meta: ValidationMetadata) => primitive(Reflect.getMetadata('design:type', (meta.target as Function).prototype as object, meta.propertyName)),
};

const maxLengthOf = (meta: ValidationMetadata): number | undefined =>
  (typeof meta.constraints?.[0] === 'number' ? (meta.constraints[0] as number) : undefined);

/** What a transform accepts beyond what the validation rules say (DESIGN: a version may be a JSON number). */
const WIDENED: Record<string, Record<string, JsonSchema>> = {
  PublishDraftPayload: { version: { type: ['string', 'number'] } },
  PublishFinalDraftPayload: { version: { type: ['string', 'number'] } },
};

function primitive(type: unknown): JsonSchema {
  if (type === String) return { type: 'string' };
  if (type === Number) return { type: 'number' };
  if (type === Boolean) return { type: 'boolean' };
  return {};
}

/** The DTO classes a request body is checked against: the roots of what the document publishes. */
function requestDtos(): Function[] {
  const classes = new Set<Function>([LaunchConsultationDto, SubmitContributionDto]);
  for (const w of workflows) {
    if (w.launchPayload) classes.add(w.launchPayload);
    for (const spec of Object.values(w.commands)) classes.add(spec.payload);
  }
  return [...classes];
}

/**
 * Request schemas derived from the validation rules themselves, limited to the DTOs the API
 * takes (and the classes they nest): internal classes with validation rules stay private.
 */
export function dtoSchemas(): Record<string, JsonSchema> {
  const all = validationMetadatasToSchemas({
    refPointerPrefix: SCHEMAS,
    classTransformerMetadataStorage: defaultMetadataStorage,
    additionalConverters: CONVERTERS as never,
  }) as Record<string, ObjectSchema>;
  const kept: Record<string, JsonSchema> = {};
  const visit = (name: string): void => {
    if (kept[name] || !all[name]) return;
    // Unknown fields are refused by the API (400), so the schema says so too.
    kept[name] = widen(name, { ...all[name], additionalProperties: false });
    for (const [, target] of JSON.stringify(all[name]).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) visit(target);
  };
  for (const dto of requestDtos()) visit(dto.name);
  return kept;
}

function widen(name: string, schema: ObjectSchema): ObjectSchema {
  const properties = { ...schema.properties };
  for (const [property, extra] of Object.entries(WIDENED[name] ?? {})) {
    if (properties[property]) properties[property] = { ...properties[property], ...extra };
  }
  return { ...schema, properties };
}

/** `POST /api/consultations` by workflow: the shared fields and the workflow's own, `workflow` naming it. */
function launchSchema(definition: WorkflowDefinition, dtos: Record<string, JsonSchema>): JsonSchema {
  const common = dtos[LaunchConsultationDto.name] as ObjectSchema;
  const extra = definition.launchPayload ? (dtos[definition.launchPayload.name] as ObjectSchema) : undefined;
  // `phases` is in the shared DTO only so that it can be validated per workflow.
  const { phases: _phases, ...properties } = common.properties;
  const required = [...(common.required ?? []), ...(extra?.required ?? [])];
  return {
    type: 'object',
    description: `launch a ${definition.name} consultation`,
    required,
    properties: { ...properties, workflow: { type: 'string', const: definition.name }, ...extra?.properties },
    additionalProperties: false,
  };
}

/** `{type, payload, expectedVersion?}` for one command type, whichever workflows take it. */
function commandSchema(type: string, dtos: Record<string, JsonSchema>): JsonSchema {
  const payloads = [...new Set(workflows.flatMap((w) => (w.commands[type] ? [w.commands[type].payload] : [])))];
  const payload = payloads.length === 1 ? ref(payloads[0].name) : { anyOf: payloads.map((p) => ref(p.name)), description: 'depends on the workflow' };
  const needsPayload = payloads.some((p) => (dtos[p.name] as ObjectSchema | undefined)?.required?.length);
  return {
    type: 'object',
    required: needsPayload ? ['type', 'payload'] : ['type'],
    properties: {
      type: { type: 'string', const: type },
      payload,
      expectedVersion: { type: 'integer', minimum: 0, description: 'the version you saw; 409 if it is stale' },
    },
    additionalProperties: false,
  };
}

const commandName = (type: string): string => `${type[0].toUpperCase()}${type.slice(1)}Command`;

/** Every request body schema, by component name. */
export function requestSchemas(): Record<string, JsonSchema> {
  const dtos = dtoSchemas();
  const launches = latestWorkflows().map((w) => [`${pascal(w.name)}Launch`, w] as const);
  const types = [...new Set(workflows.flatMap((w) => Object.keys(w.commands)))].sort();
  return {
    ...dtos,
    ...Object.fromEntries(launches.map(([name, w]) => [name, launchSchema(w, dtos)])),
    LaunchRequest: discriminated('workflow', launches.map(([name, w]) => [w.name, name])),
    ...Object.fromEntries(types.map((type) => [commandName(type), commandSchema(type, dtos)])),
    CommandRequest: discriminated('type', types.map((type) => [type, commandName(type)])),
    SetClockRequest: { ...object({ now: instant }), additionalProperties: false },
  };
}

function discriminated(propertyName: string, branches: (readonly [string, string])[]): JsonSchema {
  return {
    oneOf: branches.map(([, schema]) => ref(schema)),
    discriminator: { propertyName, mapping: Object.fromEntries(branches.map(([value, schema]) => [value, SCHEMAS + schema])) },
  };
}

/** For the controllers' `@ApiBody`: references to the schemas the operations table also uses. */
export const launchBodySchema = (): JsonSchema => ref('LaunchRequest');
export const commandBodySchema = (): JsonSchema => ref('CommandRequest');
export const contributionBodySchema = (): JsonSchema => ref(SubmitContributionDto.name);
