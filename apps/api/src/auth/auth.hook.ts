import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC_CALLER, TokenVerifier } from '@consult/auth';
import { errorStatusTable, toErrorResponse } from '@consult/http';
import { tokenCheckedStrictly } from './request-caller';

errorStatusTable.register({ 'AUTH.PROVIDER_UNAVAILABLE': 503 });

/** Requests whose token was refused on a path that checks tokens: answered in preParsing. */
const refusals = new WeakMap<FastifyRequest, unknown>();

/**
 * Verifies the Authorization header of every request once, before routing reaches a controller,
 * and puts the caller on the request (`requestCaller` reads it). Verification may be asynchronous
 * (an OpenID Connect provider's key set), which is why it lives here and not in the controllers.
 */
@Injectable()
export class AuthHook implements OnModuleInit {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter || adapter.getType() !== 'fastify') return;
    const fastify = adapter.getInstance<FastifyInstance>();
    fastify.decorateRequest('caller', null);
    // A callback hook: no promise for the common case of a request without a token.
    fastify.addHook('onRequest', (request, reply, done) => {
      const authorization = request.headers.authorization;
      if (authorization === undefined) {
        request.caller = PUBLIC_CALLER;
        return done();
      }
      this.verifier.callerOf(authorization).then(
        (caller) => {
          request.caller = caller;
          done();
        },
        (error: unknown) => {
          // Where no token is ever needed, whatever is wrong with one (even an unreachable provider) is ignored.
          if (tokenCheckedStrictly(request)) refusals.set(request, error);
          else request.caller = PUBLIC_CALLER;
          done();
        },
      );
    });
    // The refusal is sent after the routes' own onRequest hooks, the rate limit among them (a
    // stream of made-up tokens is counted against its address like any other request), and
    // before the body is read (a bad token is 401 whatever the body).
    fastify.addHook('preParsing', (request, reply, payload, done) => {
      if (!refusals.has(request)) return done(null, payload);
      this.refuse(request, reply, refusals.get(request));
    });
  }

  private refuse(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
    const { status, body, unexpected } = toErrorResponse(error);
    if (unexpected) this.logger.error(`${request.method} ${request.url}: token verification failed: ${(error as Error)?.message}`, (error as Error)?.stack);
    if (status === 401) {
      const description = body.message.replace(/[^\x20-\x7e]|["\\]/g, '');
      void reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${description}"`);
    }
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
