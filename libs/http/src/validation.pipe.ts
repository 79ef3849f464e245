import { ValidationPipe } from '@nestjs/common';
import { RequestValidationError } from './request-validation.error';

/** The pipe every input goes through: DTOs are transformed, unknown fields rejected. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => new RequestValidationError(errors),
  });
}
