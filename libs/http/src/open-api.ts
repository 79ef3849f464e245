import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Where the OpenAPI document is served: the UI, and the raw JSON beside it. */
export const OPEN_API_PATH = 'api/docs';
export const OPEN_API_JSON_PATH = 'api/docs-json';

/** Serves Swagger UI at `/api/docs` and the OpenAPI JSON at `/api/docs-json`. */
export function setupOpenApi(app: INestApplication, version: string, schemas: Record<string, object> = {}): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Consultation engine')
      .setDescription(
        'Event-sourced consultation workflows. Errors are `{statusCode, error, message, details?}`. ' +
          'Send `Authorization: Bearer <JWT>`; no token reads as the public.',
      )
      .setVersion(version)
      .addBearerAuth()
      .build(),
  );
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...schemas } };
  SwaggerModule.setup(OPEN_API_PATH, app, document, { jsonDocumentUrl: OPEN_API_JSON_PATH, raw: ['json'] });
}
