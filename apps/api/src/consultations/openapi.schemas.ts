import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { LaunchConsultationDto, SubmitContributionDto, CommandEnvelopeDto } from '@consult/consultation';
import { workflows } from '@consult/workflows';

const REF = '#/components/schemas/';

/** Every class-validator DTO as an OpenAPI schema, derived from the validation rules themselves. */
export function openApiComponentSchemas(): Record<string, SchemaObject> {
  // Touch the DTOs so their decorators have registered metadata.
  void [LaunchConsultationDto, SubmitContributionDto, CommandEnvelopeDto];
  return validationMetadatasToSchemas({ refPointerPrefix: REF }) as Record<string, SchemaObject>;
}

/** `{type, payload, expectedVersion?}` where the payload schema depends on the command type. */
export function commandBodySchema(): SchemaObject {
  const variants: SchemaObject[] = [];
  for (const workflow of workflows) {
    for (const [type, spec] of Object.entries(workflow.commands)) {
      variants.push({
        title: `${workflow.name}@${workflow.version} ${type}`,
        type: 'object',
        required: ['type'],
        properties: {
          type: { type: 'string', enum: [type] },
          payload: { $ref: REF + spec.payload.name },
          expectedVersion: { type: 'integer', minimum: 0, description: 'the version you saw; 409 if stale' },
        },
      });
    }
  }
  return { oneOf: variants };
}

export function launchBodySchema(): SchemaObject {
  const extras = workflows.filter((w) => w.launchPayload).map((w) => ({ $ref: REF + w.launchPayload!.name }));
  return { allOf: [{ $ref: REF + LaunchConsultationDto.name }, ...(extras.length ? [{ anyOf: extras }] : [])] };
}

export function contributionBodySchema(): SchemaObject {
  return { allOf: [{ $ref: REF + SubmitContributionDto.name }] };
}
