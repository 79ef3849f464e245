import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TokenService } from '@consult/auth';
import { InvalidInput, RequestContext } from '@consult/consultation';

/** Builds the request context: the caller from the bearer token, correlation and idempotency ids. */
@Injectable()
export class RequestContextFactory {
  constructor(@Inject(TokenService) private readonly tokens: TokenService) {}

  from(request: FastifyRequest): RequestContext {
    const header = (name: string): string | undefined => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const idempotencyKey = header('idempotency-key');
    if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 200)) {
      throw new InvalidInput('Idempotency-Key must be 1 to 200 characters', [{ field: 'Idempotency-Key', constraints: { invalid: 'must be 1 to 200 characters' } }]);
    }
    const causationId = randomUUID();
    return {
      caller: this.tokens.callerFrom(header('authorization')),
      correlationId: header('x-correlation-id') ?? causationId,
      causationId,
      idempotencyKey,
    };
  }
}
