export { completeOpenApiDocument } from './complete-document';
