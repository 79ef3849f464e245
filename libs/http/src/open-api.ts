import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** Where the OpenAPI document is served: the UI, and the raw JSON beside it. */
export const OPEN_API_PATH = 'api/docs';
export const OPEN_API_JSON_PATH = 'api/docs-json';

/** Completes the document Nest derives from the controllers (schemas, responses, errors). */
export type OpenApiCompletion = (document: OpenAPIObject) => OpenAPIObject;

/** Serves Swagger UI at `/api/docs` and the OpenAPI JSON at `/api/docs-json`; `complete` finishes the document. */
export function setupOpenApi(app: INestApplication, version: string, complete: OpenApiCompletion = (document) => document): void {
  const built = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Consultation engine')
      .setDescription(
        'Event-sourced consultation workflows. Errors are `{statusCode, error, message, details?}`. ' +
          'Send `Authorization: Bearer <JWT>`; no token reads as the public, a bad token is 401.',
      )
      .setVersion(version)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(OPEN_API_PATH, app, complete(built), { jsonDocumentUrl: OPEN_API_JSON_PATH, raw: ['json'] });
}
