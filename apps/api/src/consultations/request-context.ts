import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { InvalidInput, RequestContext } from '@consult/consultation';
import { requestCaller } from '../auth/request-caller';

/** Builds the request context: the caller the auth hook verified, correlation and idempotency ids. */
@Injectable()
export class RequestContextFactory {
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
      caller: requestCaller(request),
      correlationId: header('x-correlation-id') ?? causationId,
      causationId,
      idempotencyKey,
    };
  }
}
